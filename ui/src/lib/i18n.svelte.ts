// The UI's words in the chosen language (tables in ./i18n/, one file per language),
// counts through Intl.PluralRules, and labels for the bindings' enums.
import type { Field, Locale, Step, StepStatus, WaitingOn } from "./bindings";
import { en, type Entry, type Key } from "./i18n/en";
import { zh } from "./i18n/zh-CN";

const STORAGE_KEY = "rbpub.locale";

function initialLocale(): Locale {
  const chosen = globalThis.localStorage?.getItem(STORAGE_KEY);
  if (chosen === "en" || chosen === "zh-CN") return chosen;
  return (globalThis.navigator?.language ?? "en").toLowerCase().startsWith("zh") ? "zh-CN" : "en";
}

export const i18n = $state({ locale: initialLocale() });

export function setLocale(locale: Locale): void {
  i18n.locale = locale;
  globalThis.localStorage?.setItem(STORAGE_KEY, locale);
  document.documentElement.lang = locale;
}

export function t(key: Key, params: Record<string, string | number> = {}): string {
  const table: Record<Key, Entry> = i18n.locale === "zh-CN" ? zh : en;
  const entry = table[key];
  const text = typeof entry === "string" ? entry : (entry[pluralRules(i18n.locale).select(Number(params.n ?? 0)) as "one"] ?? entry.other);
  return text.replace(/\{(\w+)\}/g, (_, k: string) => String(params[k] ?? `{${k}}`));
}

const rulesByLocale = new Map<Locale, Intl.PluralRules>();
function pluralRules(locale: Locale): Intl.PluralRules {
  let rules = rulesByLocale.get(locale);
  if (!rules) rulesByLocale.set(locale, (rules = new Intl.PluralRules(locale)));
  return rules;
}

export const versionCount = (n: number) => t("versions", { n });
/** "2 errors, 1 warning" in the chosen language. */
export const errorsAndWarnings = (errors: number, warnings: number) =>
  `${t("errorCount", { n: errors })}${i18n.locale === "zh-CN" ? "，" : ", "}${t("warningCount", { n: warnings })}`;

// Template-literal keys: a Step, StepStatus or WaitingOn without words is a type error.
export const stepLabel = (s: Step) => t(`step_${s}`);
export const statusLabel = (s: StepStatus) => t(`status_${s}`);
/** Which words name each field: every Field of the bindings has some (by type). */
const fieldKeys = {
  storeUrl: "storeUrl", marketDomain: "marketDomain", accountPhone: "accountPhone", nickname: "nickname",
  phone: "phone", email: "email", bio: "bio", name: "name", description: "description",
  introduction: "introduction", tags: "tags", publishType: "publishType", logo: "logo", version: "version",
  versionAlias: "alias", releaseNotes: "releaseNotes", packages: "packages", packageName: "packageName",
  packageVersion: "packageVersion", packageDescription: "packageDescription", template: "template",
} as const satisfies Record<Field, Key>;

/** A rule finding's or note's field, in the UI's words. */
export const fieldLabel = (field: Field): string => t(fieldKeys[field]);

export const waitingLabel = (w: WaitingOn) => t(`wait_${w}`);

export function relativeTime(ms: number, now = Date.now()): string {
  const rtf = new Intl.RelativeTimeFormat(i18n.locale, { numeric: "auto" });
  const s = Math.round((ms - now) / 1000);
  if (Math.abs(s) < 60) return rtf.format(s, "second");
  const m = Math.round(s / 60);
  if (Math.abs(m) < 60) return rtf.format(m, "minute");
  const h = Math.round(m / 60);
  if (Math.abs(h) < 24) return rtf.format(h, "hour");
  return rtf.format(Math.round(h / 24), "day");
}
