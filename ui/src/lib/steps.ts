import type { Step } from "./bindings";

/** The store's seven publishing steps, in order (the core's `Step::ALL`). */
export const STEPS: readonly Step[] = ["account", "profile", "connect", "publishTemplate", "appInfo", "packages", "list"];
