// Issue 32 in the real window: a project's rbpub.toml lists an app only with
// one approval by an allowed signer other than the lister. A reviewer opens
// the maintainer's listing folder for review and approves it with her SSH key
// (made by OpenSSH's ssh-keygen); the approval travels back in the exported
// bundle; the maintainer's step 7 refuses to list before it and lists after
// it, and a later edit voids it, naming what changed.
//
// Each side has its own data folder, as on two computers.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { openApp, startDriver, startSandbox } from "./driver.mjs";
import { $, centreOf, connectConsole, drop, fieldInput, goTo, registerOnStore, shot, startPublish, type, waitPublished } from "./steps.mjs";

const project = mkdtempSync(join(tmpdir(), "rbpub-project-"));
const mail = mkdtempSync(join(tmpdir(), "rbpub-mail-"));
let driver;
let sandbox;
after(async () => {
  await driver?.stop();
  sandbox?.stop();
});

async function session(dataDir, run, env = {}) {
  await driver?.stop();
  driver = await startDriver(dataDir, env);
  const b = await openApp(driver.port);
  try {
    await run(b);
  } finally {
    await b.deleteSession();
  }
}

function keygen(name) {
  const key = join(project, "keys", name);
  execFileSync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", name, "-f", key]);
  return key;
}

/** The maintainer's listing folder in a project whose rule needs one approval. */
function setUpProject() {
  mkdirSync(join(project, "keys"));
  const rita = keygen("rita");
  const lee = keygen("lee");
  const line = (who, key) => `${who}@example.com ${readFileSync(`${key}.pub`, "utf8")}`;
  writeFileSync(join(project, "allowed_signers"), line("rita", rita) + line("lee", lee));
  writeFileSync(join(project, "rbpub.toml"), '[release]\nrequire_approvals = 1\nallowed_signers = "allowed_signers"\n');
  const folder = join(project, "gitea");
  mkdirSync(join(folder, "versions"), { recursive: true });
  writeFileSync(
    join(folder, "listing.toml"),
    'schema = 1\nid = "0190-gitea"\nname = "Gitea"\ndescription = "Git with a cup of tea"\ntags = ["git"]\n\n' +
      '[[versions]]\nversion = "1.0.0"\nnotes = "versions/1.0.0.md"\n\n[[packages]]\nname = "Free"\nversion = "1.0.0"\n',
  );
  writeFileSync(join(folder, "introduction.md"), "# Gitea\n\n## Install\n\nOne click.\n");
  writeFileSync(join(folder, "versions/1.0.0.md"), "First release.\n");
  return { folder, rita, lee };
}

async function importFolder(b, folder, as) {
  await drop(b, [folder], await centreOf(b, "portfolio"));
  await (await $(b, as)).waitForExist({ timeout: 10000 });
  await (await $(b, as)).click();
}

const rule = async (b) => (await $(b, "approvals-rule")).getText();

test("a reviewer approves in the window and the maintainer's step 7 counts it until the listing changes", async () => {
  const { folder, rita, lee } = setUpProject();
  const reviewed = join(mail, "gitea-reviewed.rbpub");

  await session(mkdtempSync(join(tmpdir(), "rbpub-reviewer-")), async (b) => {
    await importFolder(b, folder, "import-for-review");
    await (await $(b, "review-banner")).waitForExist({ timeout: 15000 });
    const approvals = await $(b, "approvals");
    await approvals.waitForExist({ timeout: 10000 });
    await (await $(b, "approvals-empty")).waitForExist({ timeout: 10000 });
    assert.equal(await rule(b), "Waiting for 1 more approval: 0 of 1 count.");
    await (await $(b, "signing-key")).setValue(rita);
    await (await $(b, "approve")).click();
    const holds = await b.$('[data-testid="approval-list"] li[data-state="holds"]');
    await holds.waitForExist({ timeout: 15000, timeoutMsg: "the approval never showed" });
    assert.match(await holds.getText(), /^rita@example\.com/);
    assert.match(await holds.getText(), /Holds: the listing is as approved\./);
    assert.equal(await rule(b), "Approved for listing by rita@example.com.");
    await approvals.scrollIntoView();
    await shot(b, "approvals-1-reviewer-approved");

    await (await $(b, "export-path")).setValue(reviewed);
    await (await $(b, "export-bundle")).click();
    await b.waitUntil(async () => (await (await $(b, "review-status")).getText()).includes(reviewed), {
      timeout: 15000,
      timeoutMsg: "the bundle was never exported",
    });
    assert.ok(existsSync(reviewed));
  });
  assert.equal(existsSync(join(folder, "approvals")), false, "the reviewer's window writes nothing into the maintainer's folder");

  sandbox = await startSandbox();
  const env = { RBPUB_STORE_URL: sandbox.url, RBPUB_CONSOLE_URL: sandbox.url, RBPUB_POLL_MS: "1000" };
  await session(mkdtempSync(join(tmpdir(), "rbpub-maintainer-")), async (b) => {
    await importFolder(b, folder, "import-as-draft");
    await (await $(b, "wizard")).waitForExist({ timeout: 15000 });
    // Steps 1-6 as any publisher walks them: version 1.0.0 published, its package pushed.
    await registerOnStore(b);
    await (await $(b, "store-ready")).waitForExist({ timeout: 15000 });
    await connectConsole(b, sandbox);
    await goTo(b, "publishTemplate");
    const picker = await $(b, "running-app");
    await b.waitUntil(async () => (await picker.$$("option")).length > 1, { timeout: 10000, timeoutMsg: "no running apps listed" });
    await picker.selectByVisibleText("gitea");
    await b.waitUntil(async () => await (await $(b, "publish")).isEnabled(), { timeout: 10000 });
    await startPublish(b);
    await waitPublished(b, "approvals");
    await goTo(b, "packages");
    await (await $(b, "push-packages")).waitForExist({ timeout: 10000 });
    await (await $(b, "push-packages")).click();
    await (await $(b, "package-live")).waitForExist({ timeout: 15000 });

    await goTo(b, "list");
    await (await $(b, "approvals-rule")).waitForExist({ timeout: 10000 });
    assert.equal(await rule(b), "Waiting for 1 more approval: 0 of 1 count.");
    // The lister names their key once: their own approval never counts.
    await (await $(b, "signing-key")).setValue(lee);
    await (await $(b, "remember-key")).click();
    await b.waitUntil(async () => !(await (await $(b, "remember-key")).isEnabled()), { timeout: 10000 });
    // Listing now is refused by the project's rule, and nothing reaches the store.
    await (await $(b, "toggle-listed")).click();
    const refusal = await $(b, "online-error");
    await refusal.waitForExist({ timeout: 15000, timeoutMsg: "listing was not refused" });
    assert.match(await refusal.getText(), /Not enough approvals for listing/);
    assert.match(await refusal.getText(), /1 approval is needed from allowed signers/);
    assert.equal(await (await $(b, "listed-state")).getText(), "Not listed");
    await shot(b, "approvals-2-maintainer-refused");

    // The reviewer's bundle brings the approval back with the notes.
    await (await $(b, "toggle-review")).click();
    await (await $(b, "preview-frame")).waitForExist({ timeout: 10000 });
    await drop(b, [reviewed], await centreOf(b, "preview-frame"));
    await b.waitUntil(async () => /Notes imported/.test(await (await $(b, "review-status")).getText()), {
      timeout: 15000,
      timeoutMsg: "the reviewed bundle was never imported",
    });
    await (await $(b, "toggle-review")).click();
    await goTo(b, "list");
    await b.waitUntil(async () => (await rule(b)) === "Approved for listing by rita@example.com.", {
      timeout: 10000,
      timeoutMsg: "step 7 never counted the approval",
    });
    await (await $(b, "toggle-listed")).click();
    await b.waitUntil(async () => (await (await $(b, "listed-state")).getText()).startsWith("Listed"), {
      timeout: 15000,
      timeoutMsg: "the approved listing was not listed",
    });
    await shot(b, "approvals-3-maintainer-listed");

    // An edit of what the store shows voids it, and step 7 says what changed.
    await goTo(b, "appInfo");
    await type(b, await fieldInput(b, "description"), " and more");
    await b.waitUntil(async () => (await (await $(b, "save-state")).getText()) === "Saved", { timeout: 10000 });
    await goTo(b, "list");
    const voided = await b.$('[data-testid="approval-list"] li[data-state="voided"]');
    await voided.waitForExist({ timeout: 10000, timeoutMsg: "the edit did not void the approval" });
    assert.match(await voided.getText(), /Voided by a change since: fields changed/);
    assert.equal(await rule(b), "Waiting for 1 more approval: 0 of 1 count.");
    await shot(b, "approvals-4-maintainer-voided");
  }, env);
});
