// What a version shares of its running app (step 4): helpers over the generated types.
import type { ConnectionView, Destination, PlanView, PushEvent, ShareChoice, Version } from "./bindings";

/** A new choice: the app as it runs now, every plugin, no omission agreed to, every value as the app has it. */
export const freshShare = (): ShareChoice => ({ snapshot: null, plugins: null, acceptedOmissions: [], randomPerInstall: [] });

/** A push's identity in lists: components' and plugins' events are numbered apart. */
export const pushKey = (e: Pick<PushEvent, "plugin" | "id">): string => `${e.plugin ? "plugin" : "service"}-${e.id}`;

/** Where a version publishes, as the Rust side writes it: `store` (the connected one), `store:NAME`, `team`, `enterprise`. */
export const destinationKey = (d: Destination): string =>
  d.kind === "store" ? (d.name ? `store:${d.name}` : "store") : d.scope;

export const STORE: Destination = { kind: "store", name: "" };
export const TEAM: Destination = { kind: "library", scope: "team" };
export const ENTERPRISE: Destination = { kind: "library", scope: "enterprise" };

/** The connection has a bound store that takes a publish. */
export const storeUsable = (conn: ConnectionView): boolean =>
  !!conn.boundStore?.usable && conn.boundStore.accessActions.includes("Write");

/** The destinations a version publishes to: its choice, else the store, else (offline, none bound) the team's library. */
export function chosenDestinations(v: Version, conn: ConnectionView): Destination[] {
  if (v.destinations.length > 0) return v.destinations.map((d) => d.to);
  return [storeUsable(conn) ? STORE : TEAM];
}

/** What stands between a reviewed plan and its publish: errors block it, warnings ask once. */
export interface PlanGate {
  errors: number;
  /** Findings of level warning, and components installed apps would get a second copy of. */
  warnings: number;
  /** What a confirmation agreed to, whatever the language: it holds while these stay the same. */
  signature: string;
}

export function planGate(plan: PlanView): PlanGate {
  const level = (l: string) => plan.findings.filter((f) => f.finding.level === l);
  const warned = level("warning").map((f) => `${f.finding.rule}:${f.finding.field.item ?? ""}`);
  const copies = plan.upgrade?.secondCopies ?? 0;
  if (copies > 0) warned.push(`upgrade:${plan.upgrade?.from}:${copies}`);
  return { errors: level("error").length, warnings: level("warning").length + copies, signature: warned.sort().join("|") };
}
