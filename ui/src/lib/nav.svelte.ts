// A step some part of the window asks the wizard to show: an error that a
// step before fixes (a refused store key: step 1; a lapsed console sign-in: step 3).
import type { Step } from "./bindings";

export const nav = $state<{ want: Step | null }>({ want: null });

export function askFor(step: Step) {
  nav.want = step;
}
