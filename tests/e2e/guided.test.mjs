// A store without the account extension (only the public API): the window
// guides steps 1, 2, 6 and 7 through the store's own pages, with the values to
// copy, and asks the store whether the app is listed.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { openApp, startDriver, startSandbox } from "./driver.mjs";
import { $, chooseGitea, connectConsole, createListing, fieldInput, goTo, registerOnStore, shot, startPublish, type, waitDone, waitPublished } from "./steps.mjs";

let sandbox;
let driver;

before(async () => {
  sandbox = await startSandbox(["--capabilities", "none"]);
  driver = await startDriver(undefined, { RBPUB_STORE_URL: sandbox.url, RBPUB_CONSOLE_URL: sandbox.url });
});
after(async () => {
  await driver?.stop();
  sandbox?.stop();
});

/** What the publisher does on the store's page in a browser: post its form. */
async function onStorePage(path, fields) {
  const reply = await fetch(`${sandbox.url}${path}`, { method: "POST", body: new URLSearchParams(fields) });
  assert.equal(reply.status, 200, `the store page took ${path}`);
}

test("without the store's account API the steps are guided through its pages", async () => {
  const b = await openApp(driver.port);
  await createListing(b, "Gitea");

  // 1. Registering is refused: the window turns to pasting the key issued on the store's site.
  await registerOnStore(b);
  await (await $(b, "open-sign-up")).waitForExist({ timeout: 15000 });
  assert.match(await (await $(b, "online-error")).getText(), /no account API/);
  await shot(b, "guided-1-paste-key");
  await type(b, await $(b, "store-key"), "sandbox-write-key-5f1c2e");
  await (await $(b, "store-connect")).click();
  await (await $(b, "store-ready")).waitForExist({ timeout: 15000 });
  await waitDone(b, "step 1");

  // 2. The profile: the values to copy, then the publisher's confirmation.
  await goTo(b, "profile");
  await type(b, await fieldInput(b, "nickname"), "Ada");
  await type(b, await fieldInput(b, "email"), "ada@example.org");
  await (await $(b, "guided-profile")).waitForExist({ timeout: 5000 });
  await b.waitUntil(async () => (await (await $(b, "guided-profile-value-2")).getValue()) === "ada@example.org", {
    timeout: 5000,
    timeoutMsg: "the e-mail is not offered to copy",
  });
  await shot(b, "guided-2-profile");
  await (await $(b, "guided-profile-confirm")).click();
  await waitDone(b, "step 2");

  // 3 and 4 are the console's and the store's public API, as usual.
  await connectConsole(b, sandbox);
  await waitDone(b, "step 3");
  await chooseGitea(b);
  await startPublish(b);
  await waitPublished(b, "guided");
  await waitDone(b, "step 4");

  // 6. A package, added on the store's page with the prepared values, then confirmed.
  await goTo(b, "packages");
  await (await $(b, "add-package")).click();
  await (await $(b, "guided-packages")).waitForExist({ timeout: 10000 });
  await b.waitUntil(async () => (await (await $(b, "guided-packages-value-1")).getValue()) === "1.0.0", {
    timeout: 5000,
    timeoutMsg: "the package's version is not offered to copy",
  });
  const appPage = await (await $(b, "guided-packages")).$("code").getText();
  const path = new URL(appPage).pathname;
  await (await $(b, "guided-packages")).scrollIntoView();
  await shot(b, "guided-6-packages");
  await onStorePage(`${path}/packages`, { name: "1.0.0", version: "1.0.0" });
  await (await $(b, "guided-packages-confirm")).click();
  await waitDone(b, "step 6");

  // 7. The store is asked: not listed until the publisher lists it on its page.
  await goTo(b, "list");
  await (await $(b, "guided-list-confirm")).click();
  await b.pause(1000);
  assert.equal(await (await $(b, "listed-state")).getText(), "Not listed");
  await onStorePage(`${path}/shelf`, { listed: "true" });
  await (await $(b, "guided-list-confirm")).click();
  await waitDone(b, "step 7");
  assert.match(await (await $(b, "listed-state")).getText(), /^Listed/);
  await shot(b, "guided-7-listed");
  const stats = await sandbox.stats();
  assert.equal(stats.storePackages, 1);
  await b.deleteSession();
});
