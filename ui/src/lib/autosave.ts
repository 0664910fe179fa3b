// Autosave as the user types: a save runs once typing pauses (debounce), and
// at least every `maxWaitMs` while typing goes on, so a crash loses at most
// about a second of typing. Saves of one field never overlap or reorder.

export type SaveState = "saved" | "pending" | "saving" | "failed";

export interface AutosaveOptions<T> {
  save: (value: T) => Promise<void>;
  onState?: (state: SaveState, error?: unknown) => void;
  debounceMs?: number;
  maxWaitMs?: number;
}

export class Autosave<T> {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private firstPendingAt: number | undefined;
  private pending: { value: T } | undefined;
  private running: Promise<void> | undefined;
  private readonly debounceMs: number;
  private readonly maxWaitMs: number;

  constructor(private readonly opts: AutosaveOptions<T>) {
    this.debounceMs = opts.debounceMs ?? 300;
    this.maxWaitMs = opts.maxWaitMs ?? 800;
  }

  /** A new value was typed. */
  change(value: T): void {
    this.pending = { value };
    const now = Date.now();
    this.firstPendingAt ??= now;
    const untilMax = this.firstPendingAt + this.maxWaitMs - now;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.flush(), Math.max(0, Math.min(this.debounceMs, untilMax)));
    this.opts.onState?.("pending");
  }

  /** Saves now whatever is pending (on blur, on leaving the screen). */
  async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    while (this.running) await this.running;
    const next = this.pending;
    if (!next) return;
    this.pending = undefined;
    this.firstPendingAt = undefined;
    this.opts.onState?.("saving");
    this.running = this.opts
      .save(next.value)
      .then(() => this.opts.onState?.(this.pending ? "pending" : "saved"))
      .catch((e) => {
        // Keep the value so the next change or flush tries again; nothing typed is dropped.
        this.pending ??= next;
        this.opts.onState?.("failed", e);
      })
      .finally(() => (this.running = undefined));
    await this.running;
  }
}
