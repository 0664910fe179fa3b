// A new user walks all seven steps in the real window against the sandbox
// (console + store on loopback), with the real OS keyring; one image push fails
// and is retried from the window, the network is pulled in the middle of the
// retry and restored, and the publish finishes once.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openApp, startDriver, startSandbox } from "./driver.mjs";
import { $, addLogo, chooseGitea, connectConsole, createListing, fieldInput, goTo, registerOnStore, sampleImages, shot, startPublish, type, waitDone, waitForPushes } from "./steps.mjs";

let sandbox;
let driver;
let samples;

before(async () => {
  samples = sampleImages();
  sandbox = await startSandbox();
  driver = await startDriver(undefined, { RBPUB_STORE_URL: sandbox.url, RBPUB_CONSOLE_URL: sandbox.url });
});
after(async () => {
  await driver?.stop();
  sandbox?.stop();
});

test("a new user publishes an app through all seven steps, through a network cut", async () => {
  const b = await openApp(driver.port);
  await (await $(b, "connection")).waitForExist({ timeout: 5000 });
  await createListing(b, "Gitea");

  // 1. Register on the store; its key goes to the keyring.
  await registerOnStore(b);
  await (await $(b, "store-ready")).waitForExist({ timeout: 15000 });
  await waitDone(b, "step 1");
  await shot(b, "seven-1-account-done");

  // 2. The profile, pushed.
  await goTo(b, "profile");
  await type(b, await fieldInput(b, "nickname"), "Ada");
  await type(b, await fieldInput(b, "email"), "ada@example.org");
  await (await $(b, "push-profile")).click();
  await (await $(b, "push-profile-done")).waitForExist({ timeout: 15000 });
  await waitDone(b, "step 2");
  await shot(b, "seven-2-profile-done");

  // 3. The console (its address comes from the sandbox), the team, the binding.
  await goTo(b, "connect");
  assert.equal(await (await $(b, "console-url")).getValue(), sandbox.url);
  await connectConsole(b, sandbox);
  assert.match(await (await $(b, "bind-verdict")).getText(), /can publish/);
  await waitDone(b, "step 3");
  await shot(b, "seven-3-connect-done");

  // 4. A version of the running app "gitea", published. The cluster fails one
  // image push: the window names it with the console's reason and retries only it;
  // the network goes in the middle of the retry.
  await chooseGitea(b);
  await sandbox.faults({ pushFailures: 1 });
  await startPublish(b);
  await waitForPushes(b, "seven-4");
  await shot(b, "seven-4-pushing");
  const retry = await $(b, "retry-push");
  await retry.waitForExist({ timeout: 30000 });
  const failed = await b.$('[data-testid="push-PostgreSQL"]');
  assert.equal(await failed.getAttribute("data-status"), "failed");
  assert.match(await (await $(b, "online-error")).getText(), /PostgreSQL/);
  assert.match(await (await $(b, "push-elapsed")).getText(), /^\d+:\d\d$/);
  await shot(b, "seven-4-push-failed");
  await retry.click();
  await b.waitUntil(async () => (await failed.getAttribute("data-status")) === "pushing", {
    timeout: 15000,
    timeoutMsg: "the failed push was not started again",
    interval: 100,
  });
  await sandbox.faults({ offline: true });
  const error = await $(b, "online-error");
  await error.waitForExist({ timeout: 30000 });
  assert.match(await error.getText(), /outbox/);
  await shot(b, "seven-4-network-cut");
  await sandbox.faults({});
  // The connection check sends what waits in the outbox: the publish resumes.
  await (await $(b, "connection")).click();
  await (await $(b, "check-now")).click();
  await (await $(b, "version-published")).waitForExist({ timeout: 30000 });
  await waitDone(b, "step 4");
  const stats = await sandbox.stats();
  assert.equal(stats.shareRecords, 1, "exactly one share record");
  assert.equal(stats.storeVersions, 1, "exactly one version");
  assert.deepEqual(stats.imagePushes, { Gitea: 1, PostgreSQL: 2, Redis: 1 }, "only the failed image pushed twice");
  await (await $(b, "connection")).click();
  await shot(b, "seven-4-published");

  // 5. The information: a logo dropped and fixed, an edit shows what the push will change, then it is live.
  await goTo(b, "appInfo");
  await addLogo(b, samples);
  await type(b, await fieldInput(b, "description"), "Git with a cup of tea, self-hosted");
  await (await $(b, "push-changes")).waitForExist({ timeout: 10000 });
  await b.waitUntil(async () => /Short description/.test(await (await $(b, "push-changes")).getText()), {
    timeout: 10000,
    timeoutMsg: "the diff never showed the new description",
  });
  await (await $(b, "push-diff")).scrollIntoView();
  await shot(b, "seven-5-what-changes");
  // Warnings (no tags yet) ask for confirmation before the push; errors would block it.
  await (await $(b, "push-information-confirm")).click();
  await (await $(b, "push-information")).click();
  await (await $(b, "push-information-done")).waitForExist({ timeout: 15000 });
  await waitDone(b, "step 5");
  await shot(b, "seven-5-app-info-done");

  // 6. A package for version 1.0.0.
  await goTo(b, "packages");
  await (await $(b, "add-package")).click();
  await (await $(b, "push-packages")).waitForExist({ timeout: 10000 });
  await (await $(b, "push-packages")).click();
  await (await $(b, "package-live")).waitForExist({ timeout: 15000 });
  await waitDone(b, "step 6");
  await shot(b, "seven-6-packages-done");

  // 7. Listed.
  await goTo(b, "list");
  await (await $(b, "toggle-listed")).click();
  await b.waitUntil(async () => (await (await $(b, "listed-state")).getText()).startsWith("Listed"), { timeout: 15000 });
  await waitDone(b, "step 7");
  await shot(b, "seven-7-listed");

  await (await $(b, "back")).click();
  const row = await $(b, "listing-row");
  await row.waitForExist({ timeout: 10000 });
  await b.waitUntil(async () => (await row.$$(".dot.done")).length === 7, { timeout: 10000, timeoutMsg: "not all seven steps done" });
  await shot(b, "seven-portfolio-all-done");

  // About: where the log is, and diagnostics for a bug report without a secret.
  const logFile = join(driver.dataDir, "logs", "rainbond-publisher.log");
  await (await $(b, "open-about")).click();
  await (await $(b, "diagnostics-text")).waitForExist({ timeout: 10000 });
  assert.equal(await (await $(b, "about-log-file")).getText(), logFile);
  const diagnostics = await (await $(b, "diagnostics-text")).getValue();
  assert.match(diagnostics, new RegExp(`store: ${sandbox.url} \\(key in keyring: yes`));
  assert.match(diagnostics, /console: .* as demo \(signed in: yes/);
  await (await $(b, "copy-diagnostics")).click();
  await (await $(b, "diagnostics-copied")).waitForExist({ timeout: 5000 });
  await shot(b, "seven-about-diagnostics");

  // The window's log names each request with its time and each share step; no secret is in it.
  const log = readFileSync(logFile, "utf8");
  assert.match(log, /call=POST \/console\/users\/login status=200 ms=\d+/);
  assert.match(log, /share step share=Some\(\d+\) phase=Done/);
  assert.match(log, /not sent; waits in the outbox/, "the network cut is in the trail");
  assertNoSecret(log, "the log file");
  assertNoSecret(diagnostics, "the diagnostics");
  await b.deleteSession();
});

/** No password, key, token or header carrying one in `text`. */
function assertNoSecret(text, what) {
  for (const secret of ["demo-password", "a-long-password", "GRJWT", "Authorization", "Cookie"]) {
    assert.ok(!text.includes(secret), `${what} holds ${secret}`);
  }
  assert.doesNotMatch(text, /sk-[0-9a-f]{32}|sandbox\.[0-9a-f]{32}/, `${what} holds a key or token`);
}
