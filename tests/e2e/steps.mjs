// Helpers for walking the wizard's steps in the real window.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { root, screenshot } from "./driver.mjs";

export const $ = (b, id) => b.$(`[data-testid="${id}"]`);
export const fieldInput = (b, id) => b.$(`[data-testid="${id}"] input, [data-testid="${id}"] textarea`);

export async function type(b, el, text) {
  await el.waitForExist({ timeout: 10000 });
  await el.clearValue();
  await el.addValue(text);
}

/** Types lines into a textarea; WebKitWebDriver drops "\n" in typed text, so line breaks are Enter presses. */
export async function typeLines(b, el, lines) {
  await type(b, el, lines[0]);
  for (const line of lines.slice(1)) {
    await b.keys(["Enter"]);
    if (line) await el.addValue(line);
  }
}

export async function goTo(b, step) {
  await (await $(b, `step-${step}`)).click();
  await b.waitUntil(async () => (await (await $(b, "step-screen")).getAttribute("data-step")) === step, { timeout: 5000 });
}

export async function stepStatus(b) {
  return (await $(b, "step-status")).getText();
}

export async function waitDone(b, what) {
  await b.waitUntil(async () => (await stepStatus(b)) === "Done", { timeout: 20000, timeoutMsg: `${what} never showed Done` });
}

export async function shot(b, name) {
  await b.pause(300);
  await screenshot(b, name);
}

/**
 * Waits until the first version reads Published. An error shown on the version
 * fails at once with its words; a timeout says what the version card showed
 * (phase, pushes) and keeps a screenshot, so a slow or stuck run can be read.
 */
export async function waitPublished(b, name, timeout = 60000) {
  const card = await $(b, "publish-version");
  const published = await $(b, "version-published");
  const error = await card.$('[data-testid="online-error"]');
  let shown = "";
  try {
    await b.waitUntil(
      async () => {
        if (await error.isExisting()) shown = await error.getText();
        return shown !== "" || (await published.isExisting());
      },
      { timeout, interval: 250 },
    );
  } catch {
    await screenshot(b, `${name}-not-published`);
    throw new Error(`${name}: not published after ${timeout / 1000} s; the version showed: ${await card.getText()}`);
  }
  if (shown) {
    await screenshot(b, `${name}-publish-error`);
    throw new Error(`${name}: the publish stopped with: ${shown}`);
  }
}

/**
 * Waits until the first version's image pushes show (its publish reached the
 * console's events); a timeout says what the version card showed instead.
 */
export async function waitForPushes(b, name, timeout = 30000) {
  const card = await $(b, "publish-version");
  const pushes = await card.$('[data-testid="push-progress"]');
  try {
    await pushes.waitForExist({ timeout });
  } catch {
    await screenshot(b, `${name}-no-pushes`);
    throw new Error(`${name}: no image push showed after ${timeout / 1000} s; the version showed: ${await card.getText()}`);
  }
}

/** Creates a listing with a description and an introduction, and opens its wizard. */
export async function createListing(b, name) {
  await (await $(b, "new-name")).setValue(name);
  await (await $(b, "create")).click();
  await (await $(b, "wizard")).waitForExist({ timeout: 10000 });
  await type(b, await fieldInput(b, "description"), "Git with a cup of tea");
  await typeLines(b, await fieldInput(b, "introduction"), ["# Gitea", "", "## Install", "", "One click."]);
}

/** Step 3: signs in to the sandbox's console and binds the store. */
export async function connectConsole(b, sandbox) {
  await goTo(b, "connect");
  await type(b, await $(b, "console-user"), "demo");
  await type(b, await $(b, "console-password"), "demo-password");
  await (await $(b, "console-sign-in")).click();
  await (await $(b, "console-ready")).waitForExist({ timeout: 15000 });
  await (await $(b, "bind-store")).click();
  await (await $(b, "bind-verdict")).waitForExist({ timeout: 15000 });
}

/**
 * Adds version 1.0.0 (step 6) and picks the running app "gitea" for it (step 4);
 * waits until it can be published, unless `ticked` is false (no destination yet).
 */
export async function chooseGitea(b, { ticked = true } = {}) {
  await goTo(b, "packages");
  await (await $(b, "add-version")).click();
  await (await $(b, "version")).waitForExist({ timeout: 5000 });
  await goTo(b, "publishTemplate");
  const picker = await $(b, "running-app");
  await b.waitUntil(async () => (await picker.$$("option")).length > 1, { timeout: 10000, timeoutMsg: "no running apps listed" });
  await picker.selectByVisibleText("gitea");
  if (!ticked) {
    await (await $(b, "no-destination")).waitForExist({ timeout: 10000 });
    return;
  }
  await b.waitUntil(async () => await (await $(b, "publish")).isEnabled(), { timeout: 10000 });
}

/** A new listing of Gitea, signed in to the store and the console, its version on the running app: ready for step 4. */
export async function giteaReadyToPublish(b, sandbox) {
  await createListing(b, "Gitea");
  await registerOnStore(b);
  await (await $(b, "store-ready")).waitForExist({ timeout: 15000 });
  await connectConsole(b, sandbox);
  await chooseGitea(b);
}

/**
 * Step 4's publish as a user makes it: the first click reads the plan ("Before you
 * publish"); its warnings (Gitea ships PostgreSQL's default password) are confirmed
 * once, and the publish starts.
 */
export async function startPublish(b) {
  await (await $(b, "publish")).click();
  // A click the window did not take (the button re-rendered under it) is
  // given again, as a user would: the button is disabled while a plan is read.
  const plan0 = await $(b, "before-publish");
  await b.waitUntil(async () => (await plan0.isExisting()) || (await (await $(b, "reading-plan")).isExisting()) || (await b.$('[data-testid="online-error"]').isExisting()), { timeout: 10000 }).catch(async () => {
    if (await (await $(b, "publish")).isEnabled()) {
      console.log("startPublish: the first click on Publish was not taken; clicking again");
      await (await $(b, "publish")).click();
    }
  });
  // Reading the plan asks the console for a share record and its events: slow
  // on a loaded two-core runner, so a minute, and a stop says what was shown.
  const plan = await $(b, "before-publish");
  try {
    await b.waitUntil(async () => (await plan.isExisting()) || (await b.$('[data-testid="online-error"]').isExisting()), {
      timeout: 60000,
      timeoutMsg: "no plan was shown before publishing",
    });
  } catch (e) {
    // What the window showed instead, kept for whoever reads the CI log.
    await shot(b, "no-plan-shown");
    throw new Error(`no plan was shown before publishing; the window showed: ${await (await b.$("main")).getText()}`);
  }
  if (!(await plan.isExisting())) {
    throw new Error(`no plan was shown before publishing: ${await (await b.$('[data-testid="online-error"]')).getText()}`);
  }
  if (await (await $(b, "publish-confirm")).isExisting()) {
    // The plan can end below the fold, and WebKitWebDriver then calls the box "not
    // interactable" (seen once in a run): it is brought into view first, as a user would
    // scroll to it, and ticked again if the tick was not taken.
    await b
      .waitUntil(
        async () => {
          const confirm = await $(b, "publish-confirm");
          if (!(await confirm.isSelected())) {
            await confirm.scrollIntoView({ block: "center" });
            await confirm.click().catch((e) => console.log(`startPublish: the confirmation was not ticked (${e.message}); again`));
          }
          // Or nothing is left to publish: a share submitted before a cut can finish while
          // its plan is read after the restart (seen in the library-resume test: the team's
          // library "Published", the box ticked, Publish rightly disabled).
          return (await (await $(b, "publish")).isEnabled()) || (await (await $(b, "version-published")).isExisting());
        },
        { timeout: 15000, interval: 500 },
      )
      .catch(async () => {
        // What the window showed instead, kept for whoever reads the CI log.
        await shot(b, "confirmation-not-freeing");
        const ticked = await (await $(b, "publish-confirm")).isSelected();
        throw new Error(`the confirmation did not free the publish (ticked: ${ticked}); the window showed: ${await (await b.$("main")).getText()}`);
      });
    if (await (await $(b, "publish")).isEnabled()) await (await $(b, "publish")).click();
  }
}

/** Step 1: registers a new store account with the sandbox's SMS code. */
export async function registerOnStore(b) {
  await goTo(b, "account");
  await (await $(b, "way-register")).click();
  await type(b, await $(b, "account-phone"), "13912345678");
  await type(b, await $(b, "account-password"), "a-long-password");
  await type(b, await $(b, "sms-code"), "246810");
  await (await $(b, "store-connect")).click();
}

/** A folder with a rectangular 3 MB WebP logo and three screenshots (the assets crate's example). */
export function sampleImages() {
  const dir = mkdtempSync(join(tmpdir(), "rbpub-samples-"));
  execFileSync(join(root, "target/debug/examples/sample_images"), [dir]);
  return dir;
}

/**
 * Drops files on the window at a point of the page (CSS pixels), as the OS would:
 * the window's own drop event, emitted inside the page, since WebDriver cannot drag
 * a file from the desktop. Everything after the OS hands the paths over is real.
 */
export async function drop(b, paths, at) {
  await b.execute(
    async (paths, at) => {
      const position = { x: at.x * devicePixelRatio, y: at.y * devicePixelRatio };
      await window.__TAURI_INTERNALS__.invoke("plugin:event|emit", { event: "tauri://drag-drop", payload: { paths, position } });
    },
    paths,
    at,
  );
}

export async function centreOf(b, testid) {
  return b.execute((id) => {
    const r = document.querySelector(`[data-testid="${id}"]`).getBoundingClientRect();
    return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
  }, testid);
}

/**
 * Step 5: drops the sample logo and fixes everything with one click. A minute
 * each: decoding and fixing a 3 MB WebP in a debug build took over 20 s once on
 * a two-core runner busy with the rest of the suite (it passes alone in seconds).
 */
export async function addLogo(b, samples) {
  await drop(b, [join(samples, "wide-logo.webp")], await centreOf(b, "logo-choose"));
  await (await $(b, "fix-all")).waitForExist({ timeout: 60000 });
  await (await $(b, "fix-all")).click();
  await b.waitUntil(async () => /^PNG · 512×512/.test(await (await $(b, "logo-facts")).getText()), {
    timeout: 60000,
    timeoutMsg: "the logo was never fixed",
  });
}
