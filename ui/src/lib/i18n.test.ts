import { describe, expect, it } from "vitest";
import type { Field } from "./bindings";
import { fieldLabel, i18n, relativeTime, setLocale, stepLabel, t, versionCount } from "./i18n.svelte";

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
