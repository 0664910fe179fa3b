// What a version shares of its running app (step 4): helpers over the generated types.
// Where it publishes, how far each destination has got and what a plan's findings
// ask are decided by the Rust side (ListingView.publishing, PlanView.gate).
import type { Destination, PushEvent, ShareChoice } from "./bindings";

/** A new choice: the app as it runs now, every plugin, no omission agreed to, every value as the app has it. */
export const freshShare = (): ShareChoice => ({ snapshot: null, plugins: null, acceptedOmissions: [], randomPerInstall: [] });

/** A push's identity in lists: components' and plugins' events are numbered apart. */
export const pushKey = (e: Pick<PushEvent, "plugin" | "id">): string => `${e.plugin ? "plugin" : "service"}-${e.id}`;

/** Where a version publishes, as the Rust side writes it: `store` (the connected one), `store:NAME`, `team`, `enterprise`. */
export const destinationKey = (d: Destination): string =>
  d.kind === "store" ? (d.name ? `store:${d.name}` : "store") : d.scope;
