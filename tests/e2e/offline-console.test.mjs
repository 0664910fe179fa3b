// A console whose cloud stores are disabled (an offline console, as many
// air-gapped companies run): step 3 says why no store is offered and is done
// with the console's own library; step 4 ticks nothing for the user and
// publishes to the team's library once it is ticked.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openApp, startDriver, startSandbox } from "./driver.mjs";
import { $, chooseGitea, connectConsole, createListing, goTo, registerOnStore, shot, startPublish, waitDone, waitPublished } from "./steps.mjs";

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

test("an offline console publishes to its own library and says why no store is offered", async () => {
  const b = await openApp(driver.port);
  await createListing(b, "Gitea");
  await registerOnStore(b);
  await (await $(b, "store-ready")).waitForExist({ timeout: 15000 });

  // Step 3: the binding reads status 0; the reason is said, and the library is offered.
  await connectConsole(b, sandbox);
  assert.match(await (await $(b, "bind-verdict")).getText(), /cloud stores are disabled/, "not blamed on the key");
  const reason = await $(b, "no-store-reason");
  await reason.waitForExist({ timeout: 10000 });
  assert.match(await reason.getText(), /cloud stores are disabled/);
  await waitDone(b, "step 3");
  await (await $(b, "destinations-offered")).scrollIntoView();
  await shot(b, "offline-1-connect-en");

  // Step 4: nothing is ticked for the user, and the store cannot be; the team's library is ticked.
  await chooseGitea(b, { ticked: false });
  assert.equal(await (await $(b, "dest-team")).isSelected(), false);
  assert.equal(await (await $(b, "dest-store")).isEnabled(), false);
  assert.match(await (await $(b, "no-store-reason")).getText(), /offline console/);
  assert.match(await (await $(b, "no-destination")).getText(), /Tick where this version goes/);
  assert.equal(await (await $(b, "publish")).isEnabled(), false);
  await (await $(b, "dest-team")).click();
  await b.waitUntil(async () => await (await $(b, "publish")).isEnabled(), { timeout: 10000, timeoutMsg: "ticking the library did not free the publish" });
  await startPublish(b);
  await waitPublished(b, "offline");
  await waitDone(b, "step 4");
  await shot(b, "offline-2-published-en");

  // The same in Chinese.
  await (await b.$('[data-locale="zh-CN"]')).click();
  await b.waitUntil(async () => (await (await $(b, "no-store-reason")).getText()).includes("离线控制台"), {
    timeout: 5000,
    timeoutMsg: "the reason did not switch to Chinese",
  });
  assert.match(await (await $(b, "destination-team")).getText(), /团队应用库/);
  await shot(b, "offline-3-published-zh-CN");
  await goTo(b, "connect");
  await (await $(b, "destinations-offered")).scrollIntoView();
  await shot(b, "offline-4-connect-zh-CN");
  await (await b.$('[data-locale="en"]')).click();

  const stats = await sandbox.stats();
  assert.equal(stats.storeVersions, 0, "nothing went to a store");
  assert.equal(stats.libraryVersions, 1);
  assert.deepEqual(stats.imagePushes, { Gitea: 1, PostgreSQL: 1, Redis: 1 });
});
