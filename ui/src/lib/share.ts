// What a version shares of its running app (step 4): helpers over the generated types.
import type { PushEvent, ShareChoice } from "./bindings";

/** A new choice: the app as it runs now, every plugin, no omission agreed to. */
export const freshShare = (): ShareChoice => ({ snapshot: null, plugins: null, acceptedOmissions: [] });

/** A push's identity in lists: components' and plugins' events are numbered apart. */
export const pushKey = (e: Pick<PushEvent, "plugin" | "id">): string => `${e.plugin ? "plugin" : "service"}-${e.id}`;
