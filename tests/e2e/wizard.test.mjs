// The offline publisher in the real window: create a listing, fill steps 1, 2, 5
// and 6, see a rule message for a too-long name, restart, and find it all again.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { setTimeout as sleep } from "node:timers/promises";
import { killApp, openApp, screenshot, startDriver } from "./driver.mjs";

const STEPS = ["account", "profile", "connect", "publishTemplate", "appInfo", "packages", "list"];
let driver;

before(async () => {
  // The first screens in the dark theme (GTK's, which the page follows), for the accessibility checks.
  driver = await startDriver(undefined, { GTK_THEME: "Adwaita:dark" });
});
after(async () => driver?.stop());

const $ = (b, id) => b.$(`[data-testid="${id}"]`);
const fieldInput = (b, id) => b.$(`[data-testid="${id}"] input, [data-testid="${id}"] textarea`);

async function type(b, id, text) {
  const el = await fieldInput(b, id);
  await el.waitForExist({ timeout: 10000 });
  await el.clearValue();
  await el.addValue(text);
}

async function waitSaved(b) {
  await b.waitUntil(async () => (await (await $(b, "save-state")).getAttribute("class")).includes("saved"), {
    timeout: 10000,
    timeoutMsg: "the window never said Saved",
  });
}

async function goTo(b, step) {
  await (await $(b, `step-${step}`)).click();
  await b.waitUntil(async () => (await (await $(b, "step-screen")).getAttribute("data-step")) === step, { timeout: 5000 });
}

test("a listing prepared offline is found as it was after a restart", async () => {
  let b = await openApp(driver.port);
  assert.ok(await (await $(b, "empty")).isDisplayed(), "a new user sees the empty portfolio");
  await screenshot(b, "00-portfolio-empty");

  await (await $(b, "new-name")).setValue("wordpress");
  await (await $(b, "create")).click();
  await (await $(b, "wizard")).waitForExist({ timeout: 10000 });
  assert.equal(await (await $(b, "step-screen")).getAttribute("data-step"), "appInfo", "a new listing opens at step 5");

  await type(b, "description", "Blog and CMS in one click");
  await type(b, "name", "w".repeat(70));
  const rule = await b.$('[data-testid="name"] [data-rule="name.length"]');
  await rule.waitForExist({ timeout: 10000 });
  assert.match(await rule.getText(), /70 characters; the limit is 64/);
  assert.equal(await (await $(b, "step-status")).getText(), "Needs attention");
  await screenshot(b, "05-too-long-name");

  await type(b, "name", "wordpress-blog");
  await rule.waitForExist({ reverse: true, timeout: 10000 });
  await type(b, "introduction", "# WordPress");
  await b.keys(["Enter"]);
  await (await fieldInput(b, "introduction")).addValue("Install it and start writing.");
  await waitSaved(b);

  await goTo(b, "profile");
  await type(b, "nickname", "rainbond-dev");
  await type(b, "email", "dev@example.com");
  await goTo(b, "packages");
  await (await $(b, "add-version")).click();
  await (await $(b, "version")).waitForExist({ timeout: 5000 });
  await (await $(b, "add-package")).click();
  await (await $(b, "package")).waitForExist({ timeout: 5000 });
  await waitSaved(b);

  for (const [i, step] of STEPS.entries()) {
    await goTo(b, step);
    await screenshot(b, `step-${i + 1}-${step}`);
  }
  await b.deleteSession();

  b = await openApp(driver.port);
  const rows = await b.$$('[data-testid="listing-row"]');
  assert.equal(rows.length, 1);
  assert.match(await rows[0].getText(), /wordpress-blog/);
  assert.match(await rows[0].getText(), /Blog and CMS in one click/);
  await screenshot(b, "01-portfolio-after-restart");
  await (await rows[0].$(".row-main")).click();
  await (await $(b, "wizard")).waitForExist({ timeout: 10000 });
  assert.equal(await (await $(b, "step-screen")).getAttribute("data-step"), "list", "reopens at the step left open");
  await goTo(b, "appInfo");
  assert.equal(await (await fieldInput(b, "name")).getValue(), "wordpress-blog");
  assert.equal(await (await fieldInput(b, "description")).getValue(), "Blog and CMS in one click");
  assert.equal(await (await fieldInput(b, "introduction")).getValue(), "# WordPress\nInstall it and start writing.");
  await (await b.$(`[data-locale="zh-CN"]`)).click();
  await b.waitUntil(async () => (await (await $(b, "step-appInfo")).getText()).includes("填写应用信息"), { timeout: 5000 });
  const tagRule = await b.$('[data-testid="tags"] [data-rule="tags.count"]');
  await b.waitUntil(async () => (await tagRule.getText()).includes("标签应有 1 到 5 个"), {
    timeout: 5000,
    timeoutMsg: "the core's rule message did not switch to Chinese",
  });
  await screenshot(b, "05-zh-CN");
  await (await b.$(`[data-locale="en"]`)).click();
  await goTo(b, "profile");
  assert.equal(await (await fieldInput(b, "nickname")).getValue(), "rainbond-dev");
  await goTo(b, "packages");
  assert.equal(await (await fieldInput(b, "version-number")).getValue(), "1.0.0");
  assert.equal((await b.$$('[data-testid="package"]')).length, 1);
  await b.deleteSession();
});

test("killing the app while typing loses at most the last second", async () => {
  let b = await openApp(driver.port);
  await (await $(b, "new-name")).setValue("crash-test");
  await (await $(b, "create")).click();
  const box = await fieldInput(b, "description");
  await box.waitForExist({ timeout: 10000 });
  await box.addValue("typed before the crash");
  await sleep(1000);
  await box.addValue(" and this may be lost");
  killApp();
  await b.deleteSession().catch(() => {});
  // The driver chain does not survive its app being killed; start it again on the same data.
  await driver.stop();
  driver = await startDriver(driver.dataDir);

  b = await openApp(driver.port);
  const rows = await b.$$('[data-testid="listing-row"]');
  const texts = [];
  for (let i = 0; i < rows.length; i++) texts.push(await rows[i].getText());
  const crashed = texts.find((x) => x.includes("crash-test"));
  assert.ok(crashed, `the listing survived: ${texts.join(" | ")}`);
  assert.match(crashed, /typed before the crash/);
  await b.deleteSession();
});

test("a damaged database is explained in the window and left as it was", async () => {
  await driver.stop();
  const dataDir = mkdtempSync(join(tmpdir(), "rbpub-e2e-corrupt-"));
  const db = join(dataDir, "drafts.db");
  const garbage = Buffer.alloc(8192, 0xa5);
  writeFileSync(db, garbage);
  driver = await startDriver(dataDir);
  const b = await openApp(driver.port, "fatal");
  const text = await (await $(b, "fatal")).getText();
  assert.match(text, /cannot open its data/);
  assert.ok(text.includes(db), `the message names the file: ${text}`);
  await (await $(b, "fatal")).waitForDisplayed({ timeout: 5000 });
  await b.pause(500); // WebKit's screenshot is of the last paint
  await screenshot(b, "99-damaged-database");
  await b.deleteSession();
  assert.ok(readFileSync(db).equals(garbage), "the damaged file was not modified");
});
