// Branding assets in the real window: a new user drops a rectangular 3 MB WebP
// logo on step 5, sees every problem, fixes them with one click each and sees
// the store-sized result; then drops screenshots on the gallery, reorders them
// with the keyboard, captions and removes one, and finds it all after a restart.
//
// The drop is the window's own drop event (`tauri://drag-drop`) emitted inside
// the page: WebDriver cannot drag a file from the desktop. Everything after the
// OS hands the paths over is the app's real path.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { openApp, startDriver } from "./driver.mjs";
import { $, centreOf, createListing, drop, goTo, sampleImages, shot } from "./steps.mjs";

let driver;
let samples;

before(async () => {
  samples = sampleImages();
  driver = await startDriver();
});
after(async () => driver?.stop());

const rules = async (b) =>
  b.execute(() => [...document.querySelectorAll('[data-testid="logo-findings"] li')].map((li) => li.dataset.rule));

async function waitRules(b, expected, what) {
  await b.waitUntil(async () => JSON.stringify(await rules(b)) === JSON.stringify(expected), {
    timeout: 20000,
    timeoutMsg: `${what}: logo problems were ${JSON.stringify(await rules(b))}`,
  });
}

test("a dropped 3 MB WebP logo is checked, fixed one click at a time and shown at the store's sizes", async () => {
  const b = await openApp(driver.port);
  try {
    await createListing(b, "brandkit");
    await goTo(b, "appInfo");
    await drop(b, [join(samples, "wide-logo.webp")], await centreOf(b, "logo-choose"));

    await waitRules(b, ["logo.format", "logo.bytes", "logo.square", "logo.size"], "after the drop");
    assert.match(await (await $(b, "logo-facts")).getText(), /^WEBP · 1600×1000 · 3\.\d MB$/);
    const messages = await (await $(b, "logo-findings")).getText();
    assert.match(messages, /Logo is WEBP; the store takes PNG, JPEG or GIF/);
    assert.match(messages, /Logo is 1600×1000, not square; pad or crop it to a square/);
    await (await $(b, "logo-well")).scrollIntoView();
    await shot(b, "branding-1-dropped");

    await (await $(b, "fix-logo.square")).click();
    await waitRules(b, ["logo.size"], "after padding");
    await (await $(b, "fix-logo.size")).click();
    await waitRules(b, [], "after scaling");

    assert.match(await (await $(b, "logo-facts")).getText(), /^PNG · 512×512 · \d+ KB$/);
    // The result is really served to the page, at the detail page's and the tile's sizes.
    // The images load from rbimage:// after the facts change; a cold first start can take a moment.
    const shown = () =>
      b.execute(() =>
        [...document.querySelectorAll('[data-testid="logo-result"] img')].map((i) => [i.complete, i.naturalWidth, i.width]),
      );
    await b.waitUntil(async () => (await shown()).every(([complete, w]) => complete && w > 0), {
      timeout: 10000,
      timeoutMsg: "the fixed logo never loaded",
    });
    assert.deepEqual(await shown(), [[true, 512, 100], [true, 512, 48]]);
    assert.match(await (await $(b, "logo-original")).getText(), /WEBP · 1600×1000/);
    await (await $(b, "logo-well")).scrollIntoView();
    await shot(b, "branding-2-fixed");

    // The portfolio shows the logo (served from the image store by its hash), a
    // legend for the dots, and opens a listing from the keyboard.
    await (await $(b, "back")).click();
    const rowLogo = await $(b, "row-logo");
    await rowLogo.waitForExist({ timeout: 10000 });
    assert.match(await rowLogo.getAttribute("src"), /^rbimage:\/\/localhost\/[0-9a-f]{64}$/);
    await b.waitUntil(async () => b.execute(() => {
      const img = document.querySelector('[data-testid="row-logo"]');
      return img.complete && img.naturalWidth === 512;
    }), { timeout: 10000, timeoutMsg: "the portfolio's logo never loaded" });
    const legend = await (await $(b, "legend")).getText();
    for (const word of ["Not started", "In progress", "Done", "Needs attention", "Enter"]) assert.ok(legend.includes(word), legend);
    await shot(b, "branding-3-portfolio-logo");
    await (await $(b, "search")).click();
    await b.keys(["ArrowDown"]);
    assert.equal(await b.execute(() => document.activeElement?.closest('[data-testid="listing-row"]') !== null), true);
    await b.keys(["Enter"]);
    await b.waitUntil(async () => (await (await $(b, "wizard-title")).getText()) === "brandkit", {
      timeout: 10000,
      timeoutMsg: "Enter did not open the listing",
    });
  } finally {
    await b.deleteSession();
  }
});

test("screenshots dropped on the gallery are reordered with the keyboard, captioned and kept", async () => {
  let b = await openApp(driver.port);
  try {
    await (await b.$('[data-testid="listing-row"] .row-main')).click();
    await goTo(b, "appInfo");
    const paths = [1, 2, 3].map((n) => join(samples, `screen-${n}.png`));
    await drop(b, paths, await centreOf(b, "gallery"));
    await b.waitUntil(async () => (await b.$$('[data-testid="screenshot"]')).length === 3, { timeout: 20000 });
    const order = () => b.execute(() => [...document.querySelectorAll('[data-testid="screenshot"] img')].map((i) => i.getAttribute("src")));
    const before = await order();

    // The third moves to the top with two presses of ↑ on its handle.
    const handles = await b.$$(".shots .handle");
    await handles[2].click();
    await b.keys(["ArrowUp"]);
    await b.waitUntil(async () => (await order())[1] === before[2], { timeout: 10000 });
    await b.keys(["ArrowUp"]);
    await b.waitUntil(async () => (await order())[0] === before[2], { timeout: 10000 });

    const first = (await b.$$('[data-testid="caption"]'))[0];
    await first.setValue("The dashboard");
    await b.keys(["Tab"]);
    await b.pause(500);
    await shot(b, "branding-3-gallery");
  } finally {
    await b.deleteSession();
  }

  b = await openApp(driver.port);
  try {
    await (await b.$('[data-testid="listing-row"] .row-main')).click();
    await goTo(b, "appInfo");
    await b.waitUntil(async () => (await b.$$('[data-testid="screenshot"]')).length === 3, { timeout: 10000 });
    assert.equal(await (await b.$$('[data-testid="caption"]'))[0].getValue(), "The dashboard");
    assert.match(await (await $(b, "logo-facts")).getText(), /^PNG · 512×512/, "the fixed logo is kept");
  } finally {
    await b.deleteSession();
  }
});

test("an SVG logo is drawn by a process of its own; one that would take a minute is refused by name", async () => {
  const { mkdtempSync, writeFileSync } = await import("node:fs");
  const { tmpdir } = await import("node:os");
  const dir = mkdtempSync(join(tmpdir(), "rbpub-svg-"));
  const svg = (body) => `<svg xmlns="http://www.w3.org/2000/svg" width="512" height="512">${body}</svg>`;
  writeFileSync(
    join(dir, "slow.svg"),
    svg('<defs><filter id="m" x="-1024" y="-1024" width="2560" height="2560" filterUnits="userSpaceOnUse"><feMorphology operator="dilate" radius="63"/></filter></defs><rect width="512" height="512" fill="#08f" filter="url(#m)"/>'),
  );
  writeFileSync(join(dir, "mark.svg"), svg('<circle cx="256" cy="256" r="200" fill="#2a6"/>'));
  const b = await openApp(driver.port);
  try {
    await createListing(b, "vector");
    await goTo(b, "appInfo");
    await drop(b, [join(dir, "slow.svg")], await centreOf(b, "logo-choose"));
    const error = await $(b, "logo-error");
    await error.waitForExist({ timeout: 20000 });
    assert.match(await error.getText(), /slow\.svg: the SVG is refused: its filters would take about \d+ s to draw/);
    await drop(b, [join(dir, "mark.svg")], await centreOf(b, "logo-choose"));
    await b.waitUntil(async () => /^SVG · 512×512/.test(await (await $(b, "logo-facts")).getText()), {
      timeout: 20000,
      timeoutMsg: "the SVG logo was never drawn",
    });
    assert.deepEqual(await rules(b), ["logo.format"], "drawn, and only its format is a problem");
    await (await $(b, "logo-well")).scrollIntoView();
    await shot(b, "branding-4-svg-logo");
  } finally {
    await b.deleteSession();
  }
});
