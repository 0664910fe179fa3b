// A library publish cut off mid-push, the app killed and started again:
// step 4 offers to resume it, *Publish* goes on with the same share (its plan
// names the library's model as the submitted record does, so nothing reads as
// "another share"), and the sandbox counts each image pushed once.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { killApp, openApp, startDriver, startSandbox } from "./driver.mjs";
import { $, chooseGitea, connectConsole, createListing, goTo, registerOnStore, shot, startPublish, waitPublished } from "./steps.mjs";

let sandbox;
let driver;

before(async () => {
  sandbox = await startSandbox(["--cloud-disabled"]);
  driver = await startDriver(undefined, { RBPUB_STORE_URL: sandbox.url, RBPUB_CONSOLE_URL: sandbox.url, RBPUB_POLL_MS: "1000" });
});
after(async () => {
  await driver?.stop();
  sandbox?.stop();
});

test("a library publish cut off mid-push resumes after a restart, pushing no image twice", async () => {
  let b = await openApp(driver.port);
  await createListing(b, "Gitea");
  await registerOnStore(b);
  await (await $(b, "store-ready")).waitForExist({ timeout: 15000 });
  await connectConsole(b, sandbox);
  await chooseGitea(b, { ticked: false });
  await (await $(b, "dest-team")).click();
  await b.waitUntil(async () => await (await $(b, "publish")).isEnabled(), { timeout: 10000 });
  await startPublish(b);

  // The images start pushing to the team's library; the network goes.
  const team = await $(b, "destination-team");
  await b.waitUntil(async () => (await team.$('[data-testid="push-progress"]').isExisting()) || (await team.$('[data-testid="online-error"]').isExisting()), {
    timeout: 60000,
    timeoutMsg: "the library's publish did not start",
  });
  assert.equal(await team.$('[data-testid="online-error"]').isExisting(), false, await team.getText());
  await sandbox.faults({ offline: true });
  await team.$('[data-testid="online-error"]').waitForExist({ timeout: 60000 });

  // The app is killed, and started again while the network is still down.
  killApp();
  await b.deleteSession().catch(() => {});
  b = await openApp(driver.port);
  await (await b.$('[data-testid="listing-row"] .row-main')).click();
  await goTo(b, "publishTemplate");
  const publish = await $(b, "publish");
  await publish.waitForExist({ timeout: 10000 });
  assert.match(await publish.getText(), /Resume the publish/, "the kept share is offered to resume");
  assert.equal(await (await $(b, "dest-team")).isSelected(), true, "the destination ticked is kept");
  await shot(b, "library-resume-1-after-restart");

  // The network is back; *Publish* resumes the same share.
  await sandbox.faults({});
  await b.waitUntil(async () => await publish.isEnabled(), { timeout: 10000, timeoutMsg: "Resume stayed disabled" });
  await startPublish(b);
  await waitPublished(b, "library-resume");
  await (await $(b, "destination-team")).scrollIntoView();
  await shot(b, "library-resume-2-published");

  const stats = await sandbox.stats();
  assert.equal(stats.shareRecords, 1, "the same share, resumed");
  assert.equal(stats.publishedRecords, 1);
  assert.equal(stats.libraryVersions, 1);
  assert.equal(stats.storeVersions, 0);
  assert.deepEqual(stats.imagePushes, { Gitea: 1, PostgreSQL: 1, Redis: 1 }, "each image pushed once");
  await b.deleteSession();
});
