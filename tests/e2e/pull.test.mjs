// "Import from the store": a maintainer whose apps are on the store already
// (the sandbox seeds three for the demo key) pastes the key once, picks an app
// in the portfolio's dialog and finds it as a listing: its texts, logo and
// versions, linked to the store app (step 4 names it instead of offering a new one).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openApp, startDriver, startSandbox } from "./driver.mjs";
import { $, createListing, fieldInput, goTo, shot, type } from "./steps.mjs";

let sandbox;
let driver;

before(async () => {
  sandbox = await startSandbox(["--store-apps", "3"]);
  driver = await startDriver(undefined, { RBPUB_STORE_URL: sandbox.url, RBPUB_CONSOLE_URL: sandbox.url });
});
after(async () => {
  await driver?.stop();
  sandbox?.stop();
});

test("an app on the store is imported into the portfolio with its texts, logo and versions", async () => {
  const b = await openApp(driver.port);
  // The store key is the publisher's: pasted once, in step 1 of any listing.
  await createListing(b, "Scratch");
  await goTo(b, "account");
  await (await $(b, "way-key")).click();
  await type(b, await $(b, "store-key"), "sandbox-write-key-5f1c2e");
  await (await $(b, "store-connect")).click();
  await (await $(b, "store-ready")).waitForExist({ timeout: 15000 });
  await (await $(b, "back")).click();
  await (await $(b, "portfolio")).waitForExist({ timeout: 10000 });

  await (await $(b, "pull-from-store")).click();
  const dialog = await $(b, "store-pull-dialog");
  await dialog.waitForExist({ timeout: 5000 });
  await b.waitUntil(async () => (await b.$$('[data-testid="pull-app"]')).length === 3, {
    timeout: 15000,
    timeoutMsg: "the store's three apps were not listed",
  });
  assert.equal(await (await $(b, "pull-start")).isEnabled(), false, "nothing chosen, nothing to import");
  await (await b.$$('[data-testid="pull-app"]'))[1].click();
  await shot(b, "pull-1-dialog-en");
  await (await $(b, "pull-start")).click();

  // The one app pulled opens: its texts, and its versions published on the store.
  await (await $(b, "wizard")).waitForExist({ timeout: 20000 });
  await goTo(b, "appInfo");
  await b.waitUntil(async () => (await (await fieldInput(b, "description")).getValue()).includes("already on the store"), {
    timeout: 10000,
    timeoutMsg: "the store's short description was not pulled",
  });
  assert.match(await (await fieldInput(b, "name")).getValue(), /^catalog-app-00\d$/);
  assert.match(await (await fieldInput(b, "introduction")).getValue(), /One click from the store/);
  assert.match(await (await $(b, "logo-choose")).getText(), /Replace/, "the store's logo was pulled");

  // Edited and pushed; the store answers yes but keeps the old short description:
  // read back, the field is named with both values.
  await type(b, await fieldInput(b, "description"), "Pulled, then edited");
  await sandbox.faults({ keepDescription: 1 });
  const push = await $(b, "push-information");
  await push.waitForExist({ timeout: 10000 });
  const confirm = await $(b, "push-information-confirm");
  if (await confirm.isExisting()) await confirm.click();
  const blocked = await $(b, "push-information-blocked");
  await b.waitUntil(async () => await push.isEnabled(), {
    timeout: 10000,
    timeoutMsg: `the push stayed off: ${(await blocked.isExisting()) ? await blocked.getText() : "no reason shown"}`,
  });
  await push.click();
  const kept = await b.$('[data-testid="online-error"][data-code="storeKept"]');
  await kept.waitForExist({ timeout: 20000, timeoutMsg: "the store's other value was not said" });
  assert.match(await kept.getText(), /short description: the store kept “catalog-app-00\d, already on the store”, you sent “Pulled, then edited”/);
  await kept.scrollIntoView({ block: "center" });
  await shot(b, "pull-3-store-kept-en");
  // Pushed again, the store takes it: read back, nothing is said.
  await push.click();
  await (await $(b, "push-information-done")).waitForExist({ timeout: 20000, timeoutMsg: "the second push was not read back as taken" });
  await goTo(b, "publishTemplate");
  const versions = await b.$$('[data-testid="publish-version"]');
  assert.equal(versions.length, 3);
  assert.equal((await b.$$('[data-testid="version-on-store"]')).length, 3, "each version says the store has it");
  const linked = await (await $(b, "store-template")).getText();
  assert.match(linked, /^catalog-app-00\d \(/, "linked to its store app, not a new template");
  await shot(b, "pull-2-listing-en");

  // Edited here and not pushed, then pulled again: the listing is read again,
  // not made twice, the edit is kept, and the field that now differs is named;
  // the user chooses the store's value for it, field by field.
  await goTo(b, "appInfo");
  await type(b, await fieldInput(b, "description"), "Edited here, not pushed");
  await (await $(b, "push-changes")).waitForExist({ timeout: 10000, timeoutMsg: "the unpushed edit was not shown as a change" });
  await (await $(b, "back")).click();
  // This pull in Chinese, for the reviewers; back in English after it.
  await (await b.$('[data-locale="zh-CN"]')).click();
  await (await $(b, "pull-from-store")).click();
  await b.waitUntil(async () => (await b.$$('[data-testid="pull-app"]')).length === 3, { timeout: 15000 });
  assert.match(await (await $(b, "store-pull-dialog")).getText(), /从应用商店导入/);
  await (await b.$$('[data-testid="pull-app"]'))[1].click();
  await shot(b, "pull-4-dialog-zh-CN");
  await (await $(b, "pull-start")).click();
  const differs = await $(b, "pull-differs");
  await differs.waitForExist({ timeout: 20000, timeoutMsg: "the field that differs after the pull was not named" });
  assert.match(await differs.getText(), /草稿与商店不同的字段/);
  await shot(b, "pull-5-differs-zh-CN");
  await (await b.$('[data-locale="en"]')).click();
  await b.waitUntil(async () => /your draft and the store differ in: Short description\.$/.test(await differs.getText()), {
    timeout: 10000,
    timeoutMsg: `the field that differs was not named in English: ${await differs.getText()}`,
  });
  const rows = await b.$$('[data-testid="listing-row"]');
  assert.equal(rows.length, 2, "Scratch and the one app pulled, not a second copy");
  await (await $(b, "pull-choose")).click();
  await (await $(b, "wizard")).waitForExist({ timeout: 10000 });
  const description = await fieldInput(b, "description");
  assert.equal(await description.getValue(), "Edited here, not pushed", "the local edit was kept");
  const take = await b.$('[data-testid="push-changes"] li[data-field="description"] [data-testid="take-store-value"]');
  await take.waitForExist({ timeout: 10000, timeoutMsg: "the store's value was not offered for the short description" });
  await take.scrollIntoView({ block: "center" });
  await shot(b, "pull-6-choose-en");
  await take.click();
  await (await $(b, "push-nothing")).waitForExist({ timeout: 10000, timeoutMsg: "the store's value taken still differs" });
  assert.equal(await (await fieldInput(b, "description")).getValue(), "Pulled, then edited", "the field shows the store's value");
  await b.deleteSession();
});
