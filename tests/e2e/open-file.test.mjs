// Opening files with the app, as a file manager does (issue 14): a .rbpub bundle
// given on the command line is offered for import when the window opens; a
// template export opened while the app runs goes to that window (a second start
// hands it over and exits) instead of opening a second one.
import assert from "node:assert/strict";
import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { after, test } from "node:test";
import { app, openApp, root, startDriver } from "./driver.mjs";
import { $, shot } from "./steps.mjs";

const rbpub = join(root, "target/debug/rbpub");
let driver;
after(async () => driver?.stop());

/** A bundle exported by rbpub, and a template export as the console writes it, in a folder with a space. */
function files() {
  const dir = mkdtempSync(join(tmpdir(), "rbpub-open-"));
  const downloads = join(dir, "My Downloads");
  const listing = join(dir, "wordpress");
  mkdirSync(listing, { recursive: true });
  mkdirSync(downloads);
  writeFileSync(join(listing, "listing.toml"), 'schema = 1\nname = "wordpress"\ndescription = "Blog and website builder"\n');
  writeFileSync(join(listing, "introduction.md"), "# WordPress\n\nBlogs.\n");
  const data = join(dir, "maintainer");
  const env = { ...process.env, RBPUB_DATA_DIR: data };
  execFileSync(rbpub, ["import", listing], { env });
  const bundle = join(downloads, "wordpress.rbpub");
  execFileSync(rbpub, ["export", "wordpress", "--bundle", "-o", bundle], { env });

  const template = join(dir, "gitea-1.2.0");
  mkdirSync(template);
  const metadata = JSON.parse(readFileSync(join(root, "crates/core/fixtures/ram-example.json"), "utf8"));
  writeFileSync(join(template, "metadata.json"), JSON.stringify({ ...metadata, group_name: "gitea" }));
  const ram = join(downloads, "gitea-1.2.0-ram.tar.gz");
  execFileSync("tar", ["czf", ram, "-C", dir, "gitea-1.2.0"]);
  return { bundle, ram };
}

/** Starts the app again, as a file manager does, and waits for that process to end. */
function startAgain(dataDir, path) {
  return new Promise((ok, fail) => {
    const second = spawn(app, [path], { env: { ...process.env, RBPUB_DATA_DIR: dataDir }, stdio: "ignore" });
    const timer = setTimeout(() => {
      second.kill("SIGKILL");
      fail(new Error("the second start did not hand the file over and exit"));
    }, 15000);
    second.on("exit", (code) => {
      clearTimeout(timer);
      ok(code);
    });
  });
}

test("a bundle on the command line and a template opened later land in the one window", async () => {
  const { bundle, ram } = files();
  // In the dark theme (GTK's, which the page follows): axe checks these screens dark.
  driver = await startDriver(undefined, { GTK_THEME: "Adwaita:dark" });
  const b = await openApp(driver.port, "portfolio", [bundle]);
  try {
    const dialog = await $(b, "import-dialog");
    await dialog.waitForDisplayed({ timeout: 15000 });
    assert.match(await (await b.$("#import-title")).getText(), /wordpress\.rbpub/);
    await shot(b, "open-file-1-bundle-offered");
    await (await $(b, "import-as-draft")).click();
    const title = await $(b, "wizard-title");
    await title.waitForDisplayed({ timeout: 15000 });
    assert.equal(await title.getText(), "wordpress");

    // While the wizard is open, the file manager opens a template export.
    assert.equal(await startAgain(driver.dataDir, ram), 0, "the second start exits cleanly");
    await dialog.waitForDisplayed({ timeout: 15000 });
    assert.match(await (await b.$("#import-title")).getText(), /gitea-1\.2\.0-ram\.tar\.gz/);
    assert.equal(await (await $(b, "import-for-review")).isExisting(), false, "a template is only ever a new draft");
    await shot(b, "open-file-2-template-handed-over");
    await (await $(b, "import-as-draft")).click();
    await b.waitUntil(async () => (await (await $(b, "wizard-title")).getText()) === "gitea", {
      timeout: 20000,
      timeoutMsg: "the template never opened as a listing",
    });
    await (await $(b, "back")).click();
    await b.waitUntil(async () => (await b.$$('[data-testid="listing-row"]')).length === 2, {
      timeout: 10000,
      timeoutMsg: "both files should be listings, in one window",
    });

    // In the Chinese UI, a file that is not a listing is refused in Chinese (the
    // reader's own words, naming the file, follow).
    await (await b.$('[data-locale="zh-CN"]')).click();
    const junk = join(dirname(bundle), "junk.rbpub");
    writeFileSync(junk, "not a zip");
    assert.equal(await startAgain(driver.dataDir, junk), 0);
    await dialog.waitForDisplayed({ timeout: 15000 });
    await (await $(b, "import-as-draft")).click();
    const notice = await b.$(".notice");
    await notice.waitForDisplayed({ timeout: 15000 });
    const text = await notice.getText();
    assert.match(text, /^无法使用该文件：/, text);
    assert.match(text, /junk\.rbpub/, "the file is named");
    await shot(b, "open-file-3-chinese-error");
    await (await b.$('[data-locale="en"]')).click();
    assert.match(await notice.getText(), /^This file cannot be used: /, "the same error, in English once English is chosen");
  } finally {
    await b.deleteSession();
  }
});
