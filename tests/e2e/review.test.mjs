// Issue 5's done-when in the real window: a maintainer exports a bundle; a
// reviewer drops it on the portfolio, opens it for review (read-only), sees the
// store-like preview with every problem listed, leaves notes and exports it
// back; the maintainer drops the reviewed bundle on the listing's review screen
// and finds the notes there.
//
// Each side has its own data folder, as on two computers. Drops are the window's
// own drop event emitted in the page (see steps.mjs).
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, test } from "node:test";
import { openApp, startDriver } from "./driver.mjs";
import { $, addLogo, centreOf, createListing, drop, fieldInput, goTo, sampleImages, shot, type } from "./steps.mjs";

const mail = mkdtempSync(join(tmpdir(), "rbpub-mail-"));
const maintainerData = mkdtempSync(join(tmpdir(), "rbpub-maintainer-"));
const reviewerData = mkdtempSync(join(tmpdir(), "rbpub-reviewer-"));
let driver;
after(async () => driver?.stop());

async function session(dataDir, run) {
  await driver?.stop();
  driver = await startDriver(dataDir);
  const b = await openApp(driver.port);
  try {
    await run(b);
  } finally {
    await b.deleteSession();
  }
}

async function exportTo(b, path) {
  const input = await $(b, "export-path");
  await input.waitForExist({ timeout: 10000 });
  await b.waitUntil(async () => (await input.getValue()) !== "", { timeout: 10000, timeoutMsg: "no default export path" });
  await input.setValue(path);
  await (await $(b, "export-bundle")).click();
  await b.waitUntil(async () => (await (await $(b, "review-status")).getText()).includes(path), {
    timeout: 15000,
    timeoutMsg: "the bundle was never exported",
  });
  assert.ok(existsSync(path));
}

const srcdoc = (b) => b.execute(() => document.querySelector('[data-testid="preview-frame"]').getAttribute("srcdoc"));

test("a reviewer reviews a maintainer's bundle and the maintainer imports the notes", async () => {
  const samples = sampleImages();
  const bundle = join(mail, "wordpress.rbpub");
  const reviewed = join(mail, "wordpress-reviewed.rbpub");

  await session(maintainerData, async (b) => {
    await createListing(b, "wordpress");
    await goTo(b, "appInfo");
    await type(b, await fieldInput(b, "description"), "Blog and website builder");
    // Saved before the logo arrives, so no autosave reply re-renders the well mid-click.
    await b.waitUntil(async () => (await (await $(b, "save-state")).getText()) === "Saved", { timeout: 10000 });
    await addLogo(b, samples);
    await (await $(b, "toggle-review")).click();
    await b.waitUntil(async () => ((await srcdoc(b)) ?? "").includes("<h1>wordpress</h1>"), { timeout: 15000 });
    await exportTo(b, bundle);
    await shot(b, "review-1-maintainer-preview");

    // A folder holding another listing (and a file of its own): the window asks first.
    const taken = join(mail, "taken");
    mkdirSync(taken);
    writeFileSync(join(taken, "listing.toml"), 'schema = 1\nid = "someone-elses"\nname = "redis"\n');
    writeFileSync(join(taken, "notes.txt"), "mine");
    await (await $(b, "export-path")).setValue(taken);
    await (await $(b, "export-folder")).click();
    const dialog = await $(b, "confirm-dialog");
    await dialog.waitForDisplayed({ timeout: 15000 });
    assert.equal(
      await (await dialog.$("p")).getText(),
      `${taken} holds another listing (“redis”). Exporting there overwrites its files; files the export does not make are left alone.`,
    );
    await shot(b, "review-7-folder-taken");
    assert.match(readFileSync(join(taken, "listing.toml"), "utf8"), /redis/, "nothing written before the answer");
    await (await dialog.$("button.danger")).click();
    await b.waitUntil(async () => (await (await $(b, "review-status")).getText()).includes(taken), {
      timeout: 15000,
      timeoutMsg: "the folder was never written",
    });
    assert.match(readFileSync(join(taken, "listing.toml"), "utf8"), /name = "wordpress"/);
    assert.equal(readFileSync(join(taken, "notes.txt"), "utf8"), "mine", "a file the export does not make stays");
  });

  await session(reviewerData, async (b) => {
    await drop(b, [bundle], await centreOf(b, "portfolio"));
    await (await $(b, "import-for-review")).waitForExist({ timeout: 10000 });
    await (await $(b, "import-for-review")).click();
    await (await $(b, "review-banner")).waitForExist({ timeout: 15000 });
    // Read-only: no steps, no import buttons; the problems the maintainer left are all listed.
    assert.equal(await (await $(b, "prev")).isExisting(), false);
    assert.equal(await (await $(b, "import-notes")).isExisting(), false);
    const rules = await b.execute(() => [...document.querySelectorAll('[data-testid="checklist"] li')].map((li) => li.dataset.rule));
    assert.ok(rules.includes("tags.count"), `checklist: ${rules}`);
    assert.ok(rules.includes("package.matches") || rules.includes("version.format") || rules.length > 0);
    const page = await srcdoc(b);
    assert.match(page, /<h1>wordpress<\/h1>/);
    assert.match(page, /<p class="desc">Blog and website builder<\/p>/);
    assert.match(page, /<h1>Gitea<\/h1>/, "the introduction is rendered");
    assert.match(page, /src="rbimage:\/\/localhost\/[0-9a-f]{64}"/, "the logo is shown");
    assert.match(page, /<code>tags\.count<\/code>/, "the page lists the problems too");

    await (await $(b, "note-author")).setValue("Rita");
    const name = await $(b, "note-name");
    await name.setValue("Use the product's full name: WordPress");
    await (await $(b, "note-introduction")).click();
    await (await $(b, "note-introduction")).setValue("Add how to sign in after installing");
    await (await $(b, "note-tags")).click();
    await b.waitUntil(async () => ((await srcdoc(b)) ?? "").includes("Add how to sign in after installing"), {
      timeout: 15000,
      timeoutMsg: "the notes never reached the preview",
    });
    await (await $(b, "theme-dark")).click();
    await b.waitUntil(async () => ((await srcdoc(b)) ?? "").includes('data-theme="dark"'), { timeout: 10000 });
    await shot(b, "review-2-reviewer-notes-dark");
    await exportTo(b, reviewed);
  });

  await session(maintainerData, async (b) => {
    await (await b.$('[data-testid="listing-row"] .row-main')).click();
    await (await $(b, "toggle-review")).waitForExist({ timeout: 10000 });
    await (await $(b, "toggle-review")).click();
    await (await $(b, "preview-frame")).waitForExist({ timeout: 10000 });
    await drop(b, [reviewed], await centreOf(b, "preview-frame"));
    await b.waitUntil(async () => /Notes imported: 2/.test(await (await $(b, "review-status")).getText()), {
      timeout: 15000,
      timeoutMsg: "the notes were never imported",
    });
    assert.equal(await (await $(b, "note-name")).getValue(), "Use the product's full name: WordPress");
    assert.equal(await (await $(b, "note-introduction")).getValue(), "Add how to sign in after installing");
    assert.equal(await (await $(b, "review-banner")).isExisting(), false, "the maintainer's listing stays editable");
    await shot(b, "review-3-notes-back");
    // The maintainer edits again: the steps are one click away.
    await (await $(b, "toggle-review")).click();
    await goTo(b, "appInfo");
    assert.equal(await (await fieldInput(b, "name")).getValue(), "wordpress");
    // The notes are beside the fields they are about, where the maintainer edits.
    assert.equal(await (await $(b, "note-line-name")).getText(), "Rita: Use the product's full name: WordPress");
    assert.match(await (await $(b, "note-line-introduction")).getText(), /Add how to sign in after installing/);
    await shot(b, "review-6-notes-beside-fields");
  });
});

test("a RAM template dropped on the portfolio becomes a listing whose components are previewed and checked", async () => {
  const { readFileSync, writeFileSync } = await import("node:fs");
  const meta = JSON.parse(readFileSync(join(import.meta.dirname, "../../crates/core/fixtures/ram-example.json"), "utf8"));
  meta.apps[1].dep_service_map_list.push({ dep_service_key: "redis+gone" });
  const file = join(mail, "wordpress-metadata.json");
  writeFileSync(file, JSON.stringify(meta));

  await session(mkdtempSync(join(tmpdir(), "rbpub-ram-")), async (b) => {
    await drop(b, [file], await centreOf(b, "portfolio"));
    await (await $(b, "import-as-draft")).waitForExist({ timeout: 10000 });
    assert.equal(await (await $(b, "import-for-review")).isExisting(), false, "a template is imported as a draft");
    await (await $(b, "import-as-draft")).click();
    await (await $(b, "wizard")).waitForExist({ timeout: 15000 });
    await goTo(b, "packages");
    assert.equal(await (await $(b, "template-summary")).getText(), "Template “wordpress” 1.2.0: 2 components");
    const card = await (await $(b, "template-card")).getText();
    assert.match(card, /component “WordPress” depends on redis\+gone, which is not in the template/);
    assert.equal(await (await fieldInput(b, "version-number")).getValue(), "1.2.0", "the export's version was added");
    await (await $(b, "template-card")).scrollIntoView();
    await shot(b, "review-4-template-step");

    await (await $(b, "toggle-review")).click();
    await b.waitUntil(async () => ((await srcdoc(b)) ?? "").includes("Components (2)"), { timeout: 15000 });
    const page = await srcdoc(b);
    assert.match(page, /Depends on: MySQL, <span class="error">redis\+gone \(missing\)<\/span>/);
    assert.match(page, /<td>3306<\/td>/);
    assert.match(page, /<code>template\.deps<\/code>/);
    await shot(b, "review-5-template-preview");
  });
});
