// One version published in one go to the sandbox's store and to the console's
// team library, with the network cut while the library's images push: each
// destination ends with exactly one record and each image pushed once there.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openApp, startDriver, startSandbox } from "./driver.mjs";
import { $, chooseGitea, connectConsole, createListing, goTo, registerOnStore, shot, startPublish, waitDone } from "./steps.mjs";

let sandbox;
let driver;

before(async () => {
  sandbox = await startSandbox();
  driver = await startDriver(undefined, { RBPUB_STORE_URL: sandbox.url, RBPUB_CONSOLE_URL: sandbox.url, RBPUB_POLL_MS: "1000" });
});
after(async () => {
  await driver?.stop();
  sandbox?.stop();
});

test("a version goes to the store and the team library in one go, through a network cut", async () => {
  const b = await openApp(driver.port);
  await createListing(b, "Gitea");
  await registerOnStore(b);
  await (await $(b, "store-ready")).waitForExist({ timeout: 15000 });

  // Step 3 says where this console publishes.
  await connectConsole(b, sandbox);
  const offered = await $(b, "destinations-offered");
  await offered.waitForExist({ timeout: 10000 });
  assert.match(await offered.getText(), /SandboxStore[\s\S]*team's library[\s\S]*enterprise's library/);

  // Step 4: the store is ticked by default; the team's library is ticked too.
  await chooseGitea(b);
  assert.equal(await (await $(b, "dest-store")).isSelected(), true);
  await (await $(b, "dest-team")).click();
  await b.waitUntil(async () => await (await $(b, "destination-team")).isExisting(), { timeout: 10000, timeoutMsg: "no block for the team's library" });
  await b.waitUntil(async () => await (await $(b, "publish")).isEnabled(), { timeout: 10000 });
  await startPublish(b);

  // The store's publish ends; the library's starts pushing, and the network goes.
  const store = await $(b, "destination-store");
  await store.$('[data-testid="dest-published"]').waitForExist({ timeout: 60000 });
  const team = await $(b, "destination-team");
  await b.waitUntil(async () => (await team.$('[data-testid="push-progress"]').isExisting()) || (await team.$('[data-testid="online-error"]').isExisting()), {
    timeout: 30000,
    timeoutMsg: "the library's publish did not start",
  });
  assert.equal(await team.$('[data-testid="online-error"]').isExisting(), false, await team.getText());
  await shot(b, "destinations-1-pushing-to-the-library");
  await sandbox.faults({ offline: true });
  const error = await team.$('[data-testid="online-error"]');
  await error.waitForExist({ timeout: 60000 });
  assert.match(await error.getText(), /outbox/);
  await shot(b, "destinations-2-network-cut");

  // Back: the connection check sends what waits, and the library's publish resumes its own share.
  await sandbox.faults({});
  await (await $(b, "connection")).click();
  await (await $(b, "check-now")).click();
  await (await $(b, "connection")).click();
  await (await $(b, "version-published")).waitForExist({ timeout: 60000 });
  await waitDone(b, "step 4");
  await team.scrollIntoView();
  await shot(b, "destinations-3-published-to-both");

  const stats = await sandbox.stats();
  assert.equal(stats.shareRecords, 2, "exactly one record per destination");
  assert.equal(stats.publishedRecords, 2);
  assert.equal(stats.storeVersions, 1);
  assert.equal(stats.libraryVersions, 1);
  assert.deepEqual(stats.imagePushes, { Gitea: 2, PostgreSQL: 2, Redis: 2 }, "each image pushed once per destination");

  // Step 4 again, later: both blocks say published, nothing is offered to send.
  await goTo(b, "appInfo");
  await goTo(b, "publishTemplate");
  assert.equal(await (await $(b, "publish")).isEnabled(), false);
  assert.equal((await b.$$('[data-testid="dest-published"]')).length, 2);
});
