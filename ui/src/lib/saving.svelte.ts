// One save indicator for the whole window, fed by every field's autosave.
import { messageOf } from "./api";
import type { SaveState } from "./autosave";

const states = new Map<string, SaveState>();
export const saving = $state({ overall: "saved" as SaveState, error: "" });

export function report(fieldKey: string, state: SaveState, error?: unknown): void {
  if (state === "saved") states.delete(fieldKey);
  else states.set(fieldKey, state);
  const all = [...states.values()];
  saving.overall = all.includes("failed")
    ? "failed"
    : all.includes("saving")
      ? "saving"
      : all.includes("pending")
        ? "pending"
        : "saved";
  if (state === "failed") saving.error = messageOf(error);
}

/** Every field's flush, so leaving a screen or Ctrl+S saves everything now. */
const flushers = new Set<() => Promise<void>>();
export function registerFlush(f: () => Promise<void>): () => void {
  flushers.add(f);
  return () => flushers.delete(f);
}
export async function flushAll(): Promise<void> {
  await Promise.all([...flushers].map((f) => f()));
}
