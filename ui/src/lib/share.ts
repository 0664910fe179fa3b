// What a version shares of its running app (step 4): helpers over the generated types.
import type { ShareChoice } from "./bindings";

/** A new choice: the app as it runs now, every plugin, no omission agreed to. */
export const freshShare = (): ShareChoice => ({ snapshot: null, plugins: null, acceptedOmissions: [] });
