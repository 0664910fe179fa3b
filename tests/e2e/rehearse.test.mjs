// Step 4's rehearsal in the real window: version 1.0.0 published to the store,
// Redis deleted and made again in the console (a new key), the next version
// published, then "Rehearse install and upgrade" on it: the console installs
// 1.0.0 in a scratch app, upgrades it, and the result card names Redis as a
// second copy, first; the scratch app is gone afterwards. In English and Chinese.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openApp, startDriver, startSandbox } from "./driver.mjs";
import { $, chooseGitea, connectConsole, createListing, goTo, registerOnStore, shot, startPublish, waitPublished } from "./steps.mjs";

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

/** The publish button of version card `i`, its plan read and its warnings confirmed, clicked. */
async function publishCard(b, card) {
  await (await card.$('[data-testid="publish"]')).click();
  const plan = await card.$('[data-testid="before-publish"]');
  await plan.waitForExist({ timeout: 60000 });
  const confirm = await card.$('[data-testid="publish-confirm"]');
  if (await confirm.isExisting()) {
    if (!(await confirm.isSelected())) await confirm.click();
    await b.waitUntil(async () => await (await card.$('[data-testid="publish"]')).isEnabled(), { timeout: 10000 });
    await (await card.$('[data-testid="publish"]')).click();
  }
  await card.$('[data-testid="version-published"]').waitForExist({ timeout: 90000 });
}

test("a rehearsal of the next version names the component installers would get twice", async () => {
  const b = await openApp(driver.port);
  await createListing(b, "Gitea");
  await registerOnStore(b);
  await (await $(b, "store-ready")).waitForExist({ timeout: 15000 });
  await connectConsole(b, sandbox);
  await chooseGitea(b);
  await startPublish(b);
  await waitPublished(b, "rehearse-first");

  // In the console, Redis is deleted and made again: a new key. The next version is published.
  const rebuilt = await fetch(`${sandbox.url}/__sandbox/apps/2/rebuild/Redis`, { method: "POST" });
  assert.equal(rebuilt.status, 204);
  await goTo(b, "packages");
  await (await $(b, "add-version")).click();
  await b.waitUntil(async () => (await b.$$('[data-testid="version"]')).length === 2, { timeout: 10000 });
  await goTo(b, "publishTemplate");
  const cards = await b.$$('[data-testid="publish-version"]');
  assert.equal(cards.length, 2);
  const next = cards[1];
  const picker = await next.$('[data-testid="running-app"]');
  await b.waitUntil(async () => (await picker.$$("option")).length > 1, { timeout: 10000 });
  await picker.selectByVisibleText("gitea");
  await b.waitUntil(async () => await (await next.$('[data-testid="publish"]')).isEnabled(), { timeout: 10000 });
  await publishCard(b, next);

  // The rehearsal: progress, then the result card with the second copy first.
  const before = await sandbox.stats();
  await (await next.$('[data-testid="rehearse"]')).click();
  const card = await next.$('[data-testid="rehearsal"]');
  await card.waitForExist({ timeout: 90000 });
  const first = await next.$('[data-testid="rehearsal-component"]');
  assert.match(await first.getText(), /^Redis: a second copy beside the installed one/);
  assert.match(await (await next.$('[data-testid="rehearsal-problems"]')).getText(), /Redis: installers get a second copy/);
  assert.match(await card.getText(), /Rehearsal: 1\.0\.0 installed, upgraded to /);
  await card.scrollIntoView();
  await shot(b, "rehearse-1-second-copy-en");
  const after = await sandbox.stats();
  assert.deepEqual([after.apps, after.components], [before.apps, before.components], "the scratch app is gone with its components");

  // Beside the preview, where reviewers look, the last rehearsal is kept.
  await (await $(b, "toggle-review")).click();
  const kept = await $(b, "review-rehearsal");
  await kept.waitForExist({ timeout: 10000 });
  assert.match(await kept.getText(), /Redis: a second copy beside the installed one/);
  await kept.scrollIntoView();
  await shot(b, "rehearse-3-beside-the-preview");
  await (await $(b, "toggle-review")).click();

  // The same in Chinese.
  await (await b.$('[data-locale="zh-CN"]')).click();
  const again = (await b.$$('[data-testid="publish-version"]'))[1];
  await (await again.$('[data-testid="rehearse"]')).waitForExist({ timeout: 10000 });
  await (await again.$('[data-testid="rehearse"]')).click();
  const zh = await again.$('[data-testid="rehearsal"]');
  await zh.waitForExist({ timeout: 90000 });
  assert.match(await zh.getText(), /Redis：安装者会得到第二份/);
  await zh.scrollIntoView();
  await shot(b, "rehearse-2-second-copy-zh-CN");
  await (await b.$('[data-locale="en"]')).click();
  await b.deleteSession();
});
