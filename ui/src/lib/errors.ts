// An error from the app in the user's language. The sentences are the Rust
// catalogue (crates/core/messages/*.json), which rbpub speaks too; `satisfies`
// makes a Code or Need without a sentence in either language a type error.
import type { Code, Locale, Need, Params, Sentence } from "./bindings";
import en from "../../../crates/core/messages/en.json";
import zh from "../../../crates/core/messages/zh-CN.json";

type Catalogue = {
  frames: { withDetail: string; said: string; list: string; withFix: string };
  codes: Record<Code, string>;
  needs: Record<Need, string>;
  texts: Record<string, string>;
};

const catalogues = {
  en: en satisfies Catalogue,
  "zh-CN": zh satisfies Catalogue,
} satisfies Record<Locale, Catalogue>;

const fill = (template: string, values: Record<string, string | undefined>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? "");

/** Separates a list argument's items until it is said (the Rust `Sentence::list`). */
const LIST_MARK = "\u001f";

/** A sentence of the Rust catalogue in `locale`, as `Sentence::say` says it. */
export function sentenceText(s: Sentence, locale: Locale): string {
  const c = catalogues[locale];
  const texts: Record<string, string | undefined> = c.texts;
  const template = (s.args.n === "1" ? texts[`${s.key}.one`] : undefined) ?? texts[s.key] ?? s.key;
  const args = Object.fromEntries(Object.entries(s.args).map(([k, v]) => [k, v.split(LIST_MARK).join(c.frames.list)]));
  const parts = Object.fromEntries(Object.entries(s.parts).map(([k, p]) => [k, p ? sentenceText(p, locale) : ""]));
  return fill(template, { ...args, ...parts });
}

/**
 * The catalogue's sentence for the error (or for what it needs first), then
 * why (ours), then the words of what refused, then the server's own words, quoted.
 */
export function errorText(code: Code | "internal", params: Params, locale: Locale): string {
  const c = catalogues[locale];
  if (code === "internal") return params.detail ?? "";
  let text = fill((params.need && c.needs[params.need]) || c.codes[code], {
    component: params.component,
    version: params.version,
    package: params.package,
  });
  const parts = [params.reason ? sentenceText(params.reason, locale) : undefined, params.detail];
  for (const part of parts) {
    if (part) text = fill(c.frames.withDetail, { sentence: text, detail: part });
  }
  if (params.said?.trim()) text = fill(c.frames.said, { text, said: params.said });
  return params.fix ? fill(c.frames.withFix, { text, fix: sentenceText(params.fix, locale) }) : text;
}
