import { describe, expect, it } from "vitest";
import { i18n, relativeTime, setLocale, stepLabel, t, versionCount } from "./i18n.svelte";

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
});
