// An image push that never ends, in the real window: once no push has moved for
// a while (shortened here to 2 s) the window names the stuck component, offers
// Keep waiting and Cancel; cancelling gives the console's share up.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openApp, startDriver, startSandbox } from "./driver.mjs";
import { $, giteaReadyToPublish, shot, startPublish } from "./steps.mjs";

let sandbox;
let driver;

before(async () => {
  sandbox = await startSandbox();
  driver = await startDriver(undefined, {
    RBPUB_STORE_URL: sandbox.url,
    RBPUB_CONSOLE_URL: sandbox.url,
    RBPUB_STALL_AFTER_SECS: "2",
    // Pushes asked after well within the shortened stall time, as the default 3 s is within 5 minutes.
    RBPUB_POLL_MS: "400",
  });
});
after(async () => {
  await driver?.stop();
  sandbox?.stop();
});

test("a push that stops moving is named, with Keep waiting and Cancel", async () => {
  const b = await openApp(driver.port);
  await giteaReadyToPublish(b, sandbox);

  await sandbox.faults({ pushHangs: 1 });
  await startPublish(b);
  const stalled = await $(b, "push-stalled");
  await stalled.waitForExist({ timeout: 30000 });
  assert.match(await stalled.getText(), /PostgreSQL may be stuck/);
  assert.doesNotMatch(await stalled.getText(), /Redis|Gitea/);
  const elapsed = await b.$('[data-testid="push-PostgreSQL"] [data-testid="push-elapsed"]');
  assert.match(await elapsed.getText(), /^\d+:\d\d$/);
  await shot(b, "stuck-push-named");

  // Keep waiting: the notice goes; the publish goes on.
  await (await $(b, "keep-waiting")).click();
  await stalled.waitForExist({ reverse: true, timeout: 5000 });
  assert.ok(await (await $(b, "cancel-publish")).isExisting(), "still publishing");

  // Cancel: the console's share is given up (the record is deleted).
  await (await $(b, "cancel-publish")).click();
  const error = await $(b, "online-error");
  await error.waitForExist({ timeout: 15000 });
  assert.match(await error.getText(), /cancelled/);
  const stats = await sandbox.stats();
  assert.equal(stats.shareRecords, 0, "the share was given up");
  assert.equal(stats.storeVersions, 0);
  await shot(b, "stuck-push-cancelled");
  await b.deleteSession();
});
