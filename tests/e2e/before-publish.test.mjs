// Step 4's "Before you publish": the first click on Publish reads the plan and
// stops on what installers will receive (Gitea ships PostgreSQL's default
// password to all of them), each finding linked to where it is changed in the
// console. Publishing with the warning takes one confirmation, which holds when
// the language changes and the plan is read again in it.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openApp, startDriver, startSandbox } from "./driver.mjs";
import { $, giteaReadyToPublish, shot, waitDone, waitPublished } from "./steps.mjs";

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

const findings = (b) =>
  b.execute(() => [...document.querySelectorAll('[data-testid="plan-findings"] li')].map((li) => ({ rule: li.dataset.rule, text: li.textContent })));

test("a publish with a warning stops before anything is submitted and goes on after one confirmation, in either language", async () => {
  const b = await openApp(driver.port);
  await giteaReadyToPublish(b, sandbox);

  await (await $(b, "publish")).click();
  const panel = await $(b, "before-publish");
  await panel.waitForExist({ timeout: 60000 }).catch(async () => {
    // What the window showed instead, kept for whoever reads the CI log.
    await shot(b, "no-plan-shown");
    throw new Error(`no plan before the publish within a minute; the window showed: ${await (await b.$("main")).getText()}`);
  });
  const found = await findings(b);
  const credential = found.find((f) => f.rule === "template.credentials");
  assert.ok(credential && /PostgreSQL.*POSTGRES_PASSWORD/.test(credential.text), JSON.stringify(found));
  assert.ok(await (await panel.$('[data-testid="change-in-console"]')).isExisting(), "the finding links to the console");
  const confirm = await $(b, "publish-confirm");
  assert.equal(await confirm.isSelected(), false);
  assert.equal(await (await $(b, "publish")).isEnabled(), false, "a warning asks before the publish");
  assert.equal((await sandbox.stats()).storeVersions, 0, "nothing submitted");
  await confirm.scrollIntoView({ block: "center" });
  await shot(b, "before-publish-1-en");

  // In Chinese the plan is read again in Chinese; nothing is confirmed yet.
  await (await b.$('[data-locale="zh-CN"]')).click();
  await b.waitUntil(async () => (await (await $(b, "before-publish")).getText()).includes("发布之前"), {
    timeout: 20000,
    timeoutMsg: "the plan was not shown again in Chinese",
  });
  await b.waitUntil(async () => (await findings(b)).some((f) => f.text.includes("像是凭据")), {
    timeout: 20000,
    timeoutMsg: "the findings did not switch to Chinese",
  });
  assert.equal(await (await $(b, "publish-confirm")).isSelected(), false);
  await (await $(b, "publish-confirm")).click();
  await (await $(b, "publish-confirm")).scrollIntoView({ block: "center" });
  await shot(b, "before-publish-2-zh-CN");

  // Back in English the confirmation holds: the same warning, agreed to once.
  await (await b.$('[data-locale="en"]')).click();
  await b.waitUntil(async () => (await (await $(b, "before-publish")).getText()).includes("Before you publish"), {
    timeout: 20000,
    timeoutMsg: "the plan was not shown again in English",
  });
  assert.equal(await (await $(b, "publish-confirm")).isSelected(), true);
  await b.waitUntil(async () => await (await $(b, "publish")).isEnabled(), { timeout: 10000, timeoutMsg: "the confirmation did not free the publish" });
  await (await $(b, "publish")).click();
  await waitPublished(b, "before-publish");
  await waitDone(b, "step 4");
  assert.equal((await sandbox.stats()).storeVersions, 1);
  await b.deleteSession();
});
