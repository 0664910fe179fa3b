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

// The drivers running, by port: openApp restarts one whose session never came up.
const running = new Map();

/** A tauri-driver whose app instances use `dataDir` (a fresh folder by default) and `env`. */
export async function startDriver(dataDir = mkdtempSync(join(tmpdir(), "rbpub-e2e-")), env = {}) {
  const port = 4444;
  // A fresh webview profile (localStorage: the chosen language) per driver, so no test
  // inherits another's choices; the keyring is on the session bus and unaffected.
  const xdgData = mkdtempSync(join(tmpdir(), "rbpub-webview-"));
  const driver = { dataDir, port, env, stop: async () => running.get(port)?.() };
  running.set(port, await spawnDriver(port, { RBPUB_DATA_DIR: dataDir, XDG_DATA_HOME: xdgData, ...env }));
  return driver;
}

/** Starts tauri-driver on `port` and waits for it to answer; gives back its stop. */
async function spawnDriver(port, env) {
  // Its own process group, so stopping it also stops WebKitWebDriver and the app.
  const proc = spawn(findDriver(), ["--port", String(port), "--native-driver", "/usr/bin/WebKitWebDriver"], {
    env: { ...process.env, LANG: "C.UTF-8", ...env },
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
  stop.env = env;
  return stop;
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
  let browser;
  try {
    browser = await newSession(port, args);
  } catch (e) {
    // Seen on CI: the app panicked in gtk_init ("Failed to initialize GTK") and
    // WebKitWebDriver waited on it for ever. Another app start is a new process; the
    // test still fails if the second one does not come up either.
    console.error(`the app's session did not start (${e.message}); restarting tauri-driver once`);
    const stop = running.get(port);
    await stop?.();
    running.set(port, await spawnDriver(port, stop?.env ?? {}));
    browser = await newSession(port, args);
  }
  await browser.setTimeout({ implicit: 0 });
  await (await browser.$(`[data-testid="${firstScreen}"]`)).waitForExist({ timeout: 20000 });
  return browser;
}

/** A WebDriver session on a new app instance, or an error after 45 s (a normal start takes a few). */
async function newSession(port, args) {
  const session = remote({
    hostname: "127.0.0.1",
    port,
    logLevel: "error",
    // No retries of its own: an abandoned attempt retried on the restarted driver would
    // hold a second app, and the app is single-instance.
    connectionRetryCount: 0,
    // WebKitWebDriver speaks classic WebDriver only; webdriverio 9 would ask for BiDi.
    capabilities: { "wdio:enforceWebDriverClassic": true, "tauri:options": { application: app, args } },
  });
  let timer;
  const late = new Promise((_, fail) => {
    timer = setTimeout(() => fail(new Error("no session after 45 s")), 45000);
  });
  try {
    return await Promise.race([session, late]);
  } catch (e) {
    // An abandoned attempt that still comes up must not keep its app open.
    session.then((b) => b.deleteSession()).catch(() => {});
    throw e;
  } finally {
    clearTimeout(timer);
  }
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
