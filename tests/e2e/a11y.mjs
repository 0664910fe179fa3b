// axe-core (Deque's accessibility engine) run inside the real window on each
// screen a test visits: every screenshot a test takes checks its screen first
// (driver.mjs `screenshot`). A serious or critical violation fails the test and
// names the rule, the elements and how to fix them.
import { appendFileSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");

const axeSource = readFileSync(join(root, "node_modules/axe-core/axe.min.js"), "utf8");
export const report = join(root, "target/e2e-screenshots/a11y.jsonl");

/** The serious and critical violations on the page now (axe's WCAG 2.1 A/AA rules and best practices). */
export async function violations(b) {
  const loaded = await b.execute(() => typeof globalThis.axe !== "undefined");
  if (!loaded) await b.execute(`${axeSource}\n;return true;`);
  const found = await b.executeAsync((done) => {
    globalThis.axe
      .run(document, { resultTypes: ["violations"] })
      .then((r) => done(r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }))))
      .catch((e) => done([{ id: "axe-failed", impact: "critical", help: String(e), nodes: [] }]));
  });
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

/** Fails when the screen has a serious or critical violation; logs what was checked. */
export async function checkA11y(b, screen) {
  const found = await violations(b);
  const dark = await b.execute(() => matchMedia("(prefers-color-scheme: dark)").matches || document.documentElement.dataset.theme === "dark");
  appendFileSync(report, JSON.stringify({ screen, dark, serious: found.length, rules: found.map((v) => v.id) }) + "\n");
  if (found.length > 0) {
    const lines = found.map((v) => `${v.impact} ${v.id}: ${v.help}\n    ${v.nodes.join("\n    ")}`);
    throw new Error(`accessibility, screen ${screen}:\n  ${lines.join("\n  ")}`);
  }
}
