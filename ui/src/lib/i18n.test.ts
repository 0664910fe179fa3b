import { describe, expect, it } from "vitest";
import { AppError, keptReason, messageOf } from "./api";
import type { Code, Field, Need } from "./bindings";
import { errorText } from "./errors";
import { errorsAndWarnings, fieldLabel, i18n, relativeTime, setLocale, stepLabel, t, versionCount } from "./i18n.svelte";

describe("i18n", () => {
  it("fills in parameters and switches language", () => {
    setLocale("en");
    expect(t("versions", { n: 3 })).toBe("3 versions");
    expect(stepLabel("appInfo")).toBe("Fill in the app's information");
    setLocale("zh-CN");
    expect(i18n.locale).toBe("zh-CN");
    expect(t("versions", { n: 3 })).toBe("3 个版本");
    expect(stepLabel("appInfo")).toBe("填写应用信息");
    expect(document.documentElement.lang).toBe("zh-CN");
    setLocale("en");
  });

  it("counts one version in the singular", () => {
    setLocale("en");
    expect([versionCount(0), versionCount(1), versionCount(5)]).toEqual(["0 versions", "1 version", "5 versions"]);
    setLocale("zh-CN");
    expect(versionCount(1)).toBe("1 个版本");
    setLocale("en");
  });

  it("says how long ago an edit was", () => {
    setLocale("en");
    const now = Date.UTC(2026, 10, 23, 12);
    expect(relativeTime(now - 5 * 60_000, now)).toBe("5 minutes ago");
    expect(relativeTime(now - 3 * 86_400_000, now)).toBe("3 days ago");
  });

  it("names every field a finding, note or diff can point at, in both languages", () => {
    // Every Field of the bindings (`satisfies` makes a new one without a label a type error).
    const all = {
      storeUrl: 1, marketDomain: 1, accountPhone: 1, nickname: 1, phone: 1, email: 1, bio: 1, name: 1,
      description: 1, introduction: 1, tags: 1, publishType: 1, logo: 1, version: 1, versionAlias: 1,
      releaseNotes: 1, packages: 1, packageName: 1, packageVersion: 1, packageDescription: 1, template: 1,
    } satisfies Record<Field, 1>;
    const fields = Object.keys(all) as Field[];
    for (const locale of ["en", "zh-CN"] as const) {
      setLocale(locale);
      for (const f of fields) expect(fieldLabel(f), `${locale} ${f}`).not.toBe(f);
    }
    setLocale("en");
    expect(fieldLabel("versionAlias")).toBe("Alias");
    expect(fieldLabel("template")).toBe("Template");
    setLocale("zh-CN");
    expect(fieldLabel("template")).toBe("应用模板");
    setLocale("en");
  });
});

describe("errors and counts in the chosen language", () => {
  it("says every Code and every Need in both languages", () => {
    // Every Code and Need of the bindings (`satisfies` makes a new one missing here a type error).
    const codes = {
      notFound: 1, databaseCorrupt: 1, databaseTooNew: 1, dataFolder: 1, database: 1, storeKeyRejected: 1,
      noWritePermission: 1, storeLoginFailed: 1, consoleLoginFailed: 1, consoleSignedOut: 1, rejected: 1,
      networkDown: 1, serverError: 1, malformedReply: 1, keyringUnavailable: 1, needsSetup: 1, cancelled: 1,
      badImage: 1, badFile: 1, readOnly: 1, pushFailed: 1, timedOut: 1, storeUnavailable: 1, shareStale: 1,
      shareDiffers: 1, omissionsToConfirm: 1, snapshotNotTaken: 1, unsupported: 1, versionExists: 1,
      storeKept: 1,
      folderTaken: 1,
      invalid: 1,
      notApproved: 1,
      signingKey: 1,
    } satisfies Record<Code, 1>;
    const needs = {
      storeKey: 1, consoleSignIn: 1, teamRegion: 1, storeBound: 1, appName: 1, runningApp: 1,
      versionPublished: 1, publishFirst: 1, appInStore: 1, logo: 1, logoRules: 1,
    } satisfies Record<Need, 1>;
    for (const locale of ["en", "zh-CN"] as const) {
      for (const code of Object.keys(codes) as Code[]) {
        const text = errorText(code, { component: "Redis" }, locale);
        expect(text, `${locale} ${code}`).not.toBe("");
        expect(text, `${locale} ${code}`).not.toMatch(/\{\w+\}|undefined/);
      }
      for (const need of Object.keys(needs) as Need[]) {
        const text = errorText("needsSetup", { need, version: "1.0", package: "Free" }, locale);
        expect(text, `${locale} ${need}`).not.toMatch(/\{\w+\}|undefined/);
      }
    }
    // The Chinese UI is Chinese; the detail stays in the words of what refused.
    expect(errorText("badFile", { detail: "junk.rbpub is not a listing" }, "zh-CN")).toBe("无法使用该文件：junk.rbpub is not a listing");
    expect(errorText("pushFailed", { component: "PostgreSQL" }, "zh-CN")).toBe("PostgreSQL 的镜像推送失败；再次尝试只会推送失败的部分");
    expect(errorText("needsSetup", { need: "versionPublished", package: "Free", version: "1.2" }, "en")).toBe(
      "Package Free: version 1.2 is not published yet (step 4)",
    );
  });

  it("shows a failed call in the language chosen now", () => {
    const e = new AppError("storeKeyRejected", "the store refused the key", {});
    setLocale("zh-CN");
    expect(messageOf(e)).toBe("商店拒绝了访问密钥：请重新登录或粘贴新的密钥（第 1 步）");
    setLocale("en");
    expect(messageOf(e)).toBe("The store refused the access key: sign in again or paste a new key (step 1)");
  });

  it("counts with the language's plural rules", () => {
    setLocale("en");
    expect(t("confirmWarnings", { n: 1 })).toBe("Push anyway with 1 warning");
    expect(t("confirmWarnings", { n: 2 })).toBe("Push anyway with 2 warnings");
    expect(t("addingScreenshots", { n: 1 })).toBe("Adding 1 screenshot…");
    expect(errorsAndWarnings(1, 0)).toBe("1 error, 0 warnings");
    setLocale("zh-CN");
    expect(t("confirmWarnings", { n: 1 })).toBe("仍然推送（有 1 个警告）");
    expect(errorsAndWarnings(2, 1)).toBe("2 个错误，1 个警告");
    setLocale("en");
  });
});

describe("reasons the Rust catalogue gives", () => {
  it("says an error's reason and the server's words in the language shown, also when the outbox kept it", () => {
    const kept = JSON.stringify({
      code: "rejected",
      params: { reason: { key: "share.snapshotExists", args: { version: "1.2.0" }, parts: {} }, said: "版本号已存在" },
      message: "The server refused it: …",
    });
    setLocale("zh-CN");
    expect(keptReason(kept)).toBe(
      "服务器拒绝了该请求：该应用已有快照 1.2.0：请从它发布，或用另一个版本号创建快照（服务器原话：“版本号已存在”）",
    );
    setLocale("en");
    expect(keptReason(kept)).toBe(
      "The server refused it: the app has a snapshot 1.2.0 already: publish from it, or make one with another number (the server said “版本号已存在”)",
    );
    expect(keptReason("cannot connect to the server")).toBe("cannot connect to the server");
  });
});
