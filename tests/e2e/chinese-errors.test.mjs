// A Chinese user meets three errors — a store key the store refuses (step 1), a
// console password the console refuses (step 3), a file that is no image dropped
// as the logo (step 5) — and reads each in Chinese: our words from the catalogue,
// the server's own words quoted and marked as the server's.
import assert from "node:assert/strict";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openApp, startDriver, startSandbox } from "./driver.mjs";
import { $, centreOf, createListing, drop, goTo, shot, type } from "./steps.mjs";

let sandbox;
let driver;

before(async () => {
  sandbox = await startSandbox();
  driver = await startDriver(undefined, { RBPUB_STORE_URL: sandbox.url, RBPUB_CONSOLE_URL: sandbox.url });
});
after(async () => {
  await driver?.stop();
  sandbox?.stop();
});

/**
 * Our words in `text`: everything outside the server's quotation (“…” after
 * 服务器原话) and outside names the user gave. What is left must hold no English
 * word of ours: no run of three Latin letters but product and format names.
 */
function assertNoEnglishOfOurs(text, what) {
  const ours = text.replace(/服务器原话：“[^”]*”/g, "").replace(/“[^”]*”/g, "");
  const allowed = new Set(["Rainbond", "Publisher", "Logo", "PNG", "JPEG", "GIF", "WebP", "SVG", "Write", "bad"]);
  const english = (ours.match(/[A-Za-z]{3,}/g) ?? []).filter((w) => !allowed.has(w));
  assert.deepEqual(english, [], `${what} holds English of ours: ${text}`);
  assert.match(ours, /[\u4e00-\u9fff]/, `${what} is not in Chinese: ${text}`);
}

test("a Chinese user reads three errors in Chinese, the server's words quoted as the server's", async () => {
  const b = await openApp(driver.port);
  await (await b.$('[data-locale="zh-CN"]')).click();
  await createListing(b, "Gitea");

  // 1. A store key the store refuses.
  await goTo(b, "account");
  await (await $(b, "way-key")).click();
  await type(b, await $(b, "store-key"), "not-a-key");
  await (await $(b, "store-connect")).click();
  const keyError = await $(b, "online-error");
  await keyError.waitForExist({ timeout: 15000 });
  const refusedKey = await keyError.getText();
  assert.match(refusedKey, /商店拒绝了访问密钥/);
  assert.match(refusedKey, /服务器原话：“[^”]+”/, "the store's own words are quoted as its");
  assertNoEnglishOfOurs(refusedKey, "the refused key");
  await shot(b, "zh-error-1-store-key");
  // The demo's key, so that step 3 can go on.
  await type(b, await $(b, "store-key"), "sandbox-write-key-5f1c2e");
  await (await $(b, "store-connect")).click();
  await (await $(b, "store-ready")).waitForExist({ timeout: 15000 });

  // 2. A console password the console refuses.
  await goTo(b, "connect");
  await type(b, await $(b, "console-user"), "demo");
  await type(b, await $(b, "console-password"), "not-the-password");
  await (await $(b, "console-sign-in")).click();
  const signInError = await $(b, "online-error");
  await signInError.waitForExist({ timeout: 15000 });
  const refusedSignIn = await signInError.getText();
  assert.match(refusedSignIn, /控制台拒绝了用户名或密码/);
  assert.ok(!refusedSignIn.includes("not-the-password"), "the password is never shown");
  assertNoEnglishOfOurs(refusedSignIn, "the refused sign-in");
  await shot(b, "zh-error-2-console-sign-in");

  // 3. A text file dropped as the logo.
  const dir = mkdtempSync(join(tmpdir(), "rbpub-zh-"));
  const notAnImage = join(dir, "bad.png");
  writeFileSync(notAnImage, "hello, world: this is no picture\n");
  await goTo(b, "appInfo");
  await drop(b, [notAnImage], await centreOf(b, "logo-choose"));
  const logoError = await $(b, "logo-error");
  await logoError.waitForExist({ timeout: 15000 });
  const refusedLogo = await logoError.getText();
  assert.match(refusedLogo, /无法使用该图片/);
  assert.match(refusedLogo, /不是本应用能读取的图片/);
  assertNoEnglishOfOurs(refusedLogo.replace(notAnImage, ""), "the refused logo");
  await logoError.scrollIntoView({ block: "center" });
  await shot(b, "zh-error-3-logo");
  await b.deleteSession();
});
