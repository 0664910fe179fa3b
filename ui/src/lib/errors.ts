// An error from the app in the user's language. The sentences are the service's
// catalogue (crates/service/messages/*.json), which rbpub speaks too; `satisfies`
// makes a Code or Need without a sentence in either language a type error.
import type { Code, Locale, Need, Params } from "./bindings";
import en from "../../../crates/service/messages/en.json";
import zh from "../../../crates/service/messages/zh-CN.json";

type Catalogue = { withDetail: string; codes: Record<Code, string>; needs: Record<Need, string> };

const catalogues = {
  en: en satisfies Catalogue,
  "zh-CN": zh satisfies Catalogue,
} satisfies Record<Locale, Catalogue>;

const fill = (template: string, values: Record<string, string | undefined>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? "");

/** The catalogue's sentence for the error (or for what it needs first), then the detail. */
export function errorText(code: Code | "internal", params: Params, locale: Locale): string {
  const c = catalogues[locale];
  if (code === "internal") return params.detail ?? "";
  const sentence = fill((params.need && c.needs[params.need]) || c.codes[code], {
    component: params.component,
    version: params.version,
    package: params.package,
  });
  return params.detail ? fill(c.withDetail, { sentence, detail: params.detail }) : sentence;
}
