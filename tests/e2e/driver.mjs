// Starts tauri-driver (which drives WebKitWebDriver) and opens WebDriver sessions on
// the real, built app. Needs a display: run under xvfb-run (see the Makefile).
import { spawn, execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir, homedir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { remote } from "webdriverio";
import { checkA11y } from "./a11y.mjs";

export const root = resolve(import.meta.dirname, "../..");
export const app = process.env.RBPUB_APP ?? join(root, "target/debug/rainbond-publisher");
export const shots = join(root, "target/e2e-screenshots");
mkdirSync(shots, { recursive: true });

/** $TAURI_DRIVER, else cargo's install folder, else whatever `tauri-driver` is on PATH (as the Makefile accepts). */
function findDriver() {
  const cargoBin = join(process.env.CARGO_HOME ?? join(homedir(), ".cargo"), "bin/tauri-driver");
  return process.env.TAURI_DRIVER ?? (existsSync(cargoBin) ? cargoBin : "tauri-driver");
}

/** A tauri-driver whose app instances use `dataDir` (a fresh folder by default) and `env`. */
export async function startDriver(dataDir = mkdtempSync(join(tmpdir(), "rbpub-e2e-")), env = {}) {
  const port = 4444;
  // Its own process group, so stopping it also stops WebKitWebDriver and the app.
  const proc = spawn(findDriver(), ["--port", String(port), "--native-driver", "/usr/bin/WebKitWebDriver"], {
    // A fresh webview profile (localStorage: the chosen language) per driver, so no test
    // inherits another's choices; the keyring is on the session bus and unaffected.
    env: { ...process.env, RBPUB_DATA_DIR: dataDir, LANG: "C.UTF-8", XDG_DATA_HOME: mkdtempSync(join(tmpdir(), "rbpub-webview-")), ...env },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  for (let i = 0; i < 50; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/status`);
      if (r.ok) break;
    } catch {
      await sleep(200);
    }
  }
  const stop = async () => {
    try {
      process.kill(-proc.pid, "SIGTERM");
    } catch {
      // already gone
    }
    await sleep(500);
  };
  return { dataDir, port, env, stop };
}

/** The sandbox console + store on a free loopback port, with quick image pushes; `args` add flags. */
export async function startSandbox(args = []) {
  const dir = mkdtempSync(join(tmpdir(), "rbpub-e2e-sandbox-"));
  const proc = spawn(join(root, "target/debug/rbpub-sandbox"), ["--port", "0", "--db", join(dir, "sandbox.db"), "--push-ms", "2500", ...args], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise((ok, fail) => {
    let out = "";
    proc.stdout.on("data", (chunk) => {
      out += chunk;
      const m = out.match(/listening on (http:\/\/[\d.:]+)/);
      if (m) ok(m[1]);
    });
    proc.on("exit", (code) => fail(new Error(`the sandbox exited (${code})`)));
  });
  proc.stdout.resume();
  const faults = (settings) =>
    fetch(`${url}/__sandbox/faults`, { method: "PUT", headers: { "content-type": "application/json" }, body: JSON.stringify(settings) });
  const stats = async () => (await fetch(`${url}/__sandbox/stats`)).json();
  return { url, faults, stats, stop: () => proc.kill() };
}

/**
 * Opens the app and waits for its first screen (`portfolio`, or `fatal` when it cannot
 * open its data); `args` are its command line, as a file manager passes opened files.
 */
export async function openApp(port, firstScreen = "portfolio", args = []) {
  const browser = await remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "error",
    connectionRetryCount: 2,
    // WebKitWebDriver speaks classic WebDriver only; webdriverio 9 would ask for BiDi.
    capabilities: { "wdio:enforceWebDriverClassic": true, "tauri:options": { application: app, args } },
  });
  await browser.setTimeout({ implicit: 0 });
  await (await browser.$(`[data-testid="${firstScreen}"]`)).waitForExist({ timeout: 20000 });
  return browser;
}

/** The app as SIGKILL leaves it: no chance to flush anything. */
export function killApp() {
  try {
    execFileSync("pkill", ["-9", "-f", app]);
  } catch {
    // already gone
  }
}

/** Checks the screen's accessibility first (a11y.mjs): every screen a test shows is checked. */
export async function screenshot(browser, name) {
  await checkA11y(browser, name);
  await browser.saveScreenshot(join(shots, `${name}.png`));
}
