// The console's whole share flow in the real window, on the sandbox's Halo: an
// app with a plugin its component uses, one on a component never deployed and a
// dependency on another app. Step 4 names what the share leaves out, a snapshot
// is made and published through a busy cluster (409) and a store that is down,
// and it ends with one record, each component and plugin image pushed once, and
// the plugin named in every state of the progress list.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openApp, startDriver, startSandbox } from "./driver.mjs";
import { $, connectConsole, createListing, goTo, registerOnStore, shot, startPublish } from "./steps.mjs";

let sandbox;
let driver;

before(async () => {
  sandbox = await startSandbox();
  driver = await startDriver(undefined, {
    RBPUB_STORE_URL: sandbox.url,
    RBPUB_CONSOLE_URL: sandbox.url,
    // Asked after every second, a busy cluster waited on 3 s: the same flow, quicker.
    RBPUB_POLL_MS: "1000",
    RBPUB_BUSY_BACKOFF_MS: "3000",
  });
});
after(async () => {
  await driver?.stop();
  sandbox?.stop();
});

/** The push list as the window shows it now: one line per image. */
async function pushLines(b) {
  return b.execute(() =>
    [...document.querySelectorAll('[data-testid="push-progress"] li')].map((li) => ({
      text: li.querySelector('[data-testid="push-name"]')?.textContent ?? "",
      kind: li.querySelector('[data-testid="push-kind"]')?.textContent ?? "",
      plugin: li.dataset.plugin === "true",
      status: li.dataset.status,
      state: li.querySelector("small")?.textContent ?? "",
    })),
  );
}

test("a snapshot of an app with a plugin is published through a 409 and a store outage", async () => {
  const b = await openApp(driver.port);
  await createListing(b, "Halo");
  await registerOnStore(b);
  await (await $(b, "store-ready")).waitForExist({ timeout: 15000 });
  await connectConsole(b, sandbox);

  await goTo(b, "packages");
  await (await $(b, "add-version")).click();
  await (await $(b, "version")).waitForExist({ timeout: 5000 });
  await goTo(b, "publishTemplate");
  const picker = await $(b, "running-app");
  await b.waitUntil(async () => (await picker.$$("option")).length > 1, { timeout: 10000, timeoutMsg: "no running apps listed" });
  await picker.selectByVisibleText("halo");

  // What the share of the app as it runs would leave out, before anything is sent.
  await (await $(b, "review-share")).waitForExist({ timeout: 10000 });
  await (await $(b, "review-share")).click();
  const omissions = await $(b, "plan-omissions");
  await omissions.waitForExist({ timeout: 15000 });
  const said = await omissions.getText();
  assert.match(said, /Meilisearch was never deployed/);
  assert.match(said, /Halo depends on MySQL of the app wordpress/);
  const plugins = await b.$$('[data-testid="plan-plugin"]');
  assert.equal(plugins.length, 2);
  assert.match(await plugins[0].getText(), /Log Collector.*used by Halo/);
  assert.equal(await (await plugins[0].$("input")).isEnabled(), false, "a plugin a component uses always goes");
  await shot(b, "share-plan-omissions");

  // A snapshot of the app, chosen at once.
  await (await $(b, "make-snapshot")).click();
  const notice = await $(b, "snapshot-notice");
  await notice.waitForExist({ timeout: 15000 });
  assert.match(await notice.getText(), /Snapshot 1\.0\.0 was made/);
  const chosen = await $(b, "snapshot-select");
  await b.waitUntil(async () => (await chosen.getValue()) === "1.0.0", { timeout: 5000 });

  // The snapshot's plan is read before anything is sent ("Before you publish").
  await (await $(b, "review-share")).click();
  await (await $(b, "before-publish")).waitForExist({ timeout: 15000 });

  // The cluster is busy for the first push; the store is down once.
  await sandbox.faults({ pushBusy: 1, storeOutages: 1 });
  await startPublish(b);

  const seen = [];
  let sawBusy = false;
  let sawStoreWaiting = false;
  const published = await $(b, "version-published");
  for (let i = 0; i < 240 && !(await published.isExisting()); i++) {
    if (await (await $(b, "store-waiting")).isExisting()) {
      if (!sawStoreWaiting) await shot(b, "share-flow-store-waiting");
      sawStoreWaiting = true;
    }
    const lines = await pushLines(b);
    if (lines.length > 0) seen.push(lines);
    if (!sawBusy && lines.some((l) => /waiting: 操作过于频繁/.test(l.state))) {
      sawBusy = true;
      await (await $(b, "push-progress")).scrollIntoView();
      await shot(b, "share-flow-busy-cluster");
    }
    await b.pause(250);
  }
  await published.waitForExist({ timeout: 5000 });
  await shot(b, "share-flow-published");

  assert.ok(sawBusy, "the busy cluster was shown as waiting");
  assert.ok(sawStoreWaiting, "the store outage was shown as waiting");
  assert.ok(seen.length > 0, "the pushes were shown");
  for (const lines of seen) {
    const plugins = lines.filter((l) => l.plugin).map((l) => `${l.kind} ${l.text}`);
    assert.deepEqual(plugins, ["plugin Log Collector", "plugin Search Exporter"], JSON.stringify(lines));
    assert.ok(lines.every((l) => l.text !== ""), "every push is named");
  }
  assert.equal((await b.$$('[data-testid="push-failed"]')).length, 0);

  const stats = await sandbox.stats();
  assert.equal(stats.shareRecords, 1, "one record");
  assert.equal(stats.publishedRecords, 1);
  assert.deepEqual(stats.imagePushes, { Halo: 1, "Log Collector": 1, Redis: 1, "Search Exporter": 1 });
  assert.equal(stats.serverErrors, 0);
  await b.deleteSession();
});
