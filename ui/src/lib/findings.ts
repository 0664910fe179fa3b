import type { Field, Finding } from "./bindings";

/** The findings that belong next to one field (of one version or package, when `item` is given). */
export function findingsFor(findings: Finding[], field: Field, item?: string): Finding[] {
  return findings.filter((f) => f.field.field === field && (item === undefined || f.field.item === item));
}
