import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Autosave, type SaveState } from "./autosave";

describe("Autosave", () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function setup(save = vi.fn(async (_: string) => {})) {
    const states: SaveState[] = [];
    const a = new Autosave<string>({ save, onState: (s) => states.push(s), debounceMs: 300, maxWaitMs: 800 });
    return { a, save, states };
  }

  it("saves the last value once typing pauses", async () => {
    const { a, save, states } = setup();
    a.change("w");
    a.change("wo");
    a.change("wor");
    expect(save).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(300);
    expect(save.mock.calls).toEqual([["wor"]]);
    expect(states.at(-1)).toBe("saved");
  });

  it("saves at least every 800 ms while the user keeps typing", async () => {
    const { a, save } = setup();
    for (let i = 1; i <= 20; i++) {
      a.change("x".repeat(i));
      await vi.advanceTimersByTimeAsync(100);
    }
    // 2 s of typing every 100 ms: a debounce alone would never fire.
    expect(save.mock.calls.length).toBeGreaterThanOrEqual(2);
    const lastSavedLength = (save.mock.calls.at(-1)![0] as string).length;
    expect(20 - lastSavedLength).toBeLessThanOrEqual(8);
  });

  it("never runs two saves of one field at once, and keeps their order", async () => {
    const order: string[] = [];
    let release!: () => void;
    const save = vi.fn(
      (v: string) =>
        new Promise<void>((resolve) => {
          order.push(`start ${v}`);
          release = () => {
            order.push(`end ${v}`);
            resolve();
          };
        }),
    );
    const { a } = setup(save);
    a.change("a");
    const first = a.flush();
    a.change("ab");
    const second = a.flush();
    await Promise.resolve();
    release();
    await first;
    await Promise.resolve();
    release();
    await second;
    expect(order).toEqual(["start a", "end a", "start ab", "end ab"]);
  });

  it("keeps the text after a failed save and saves it on the next flush", async () => {
    let fail = true;
    const save = vi.fn(async (_: string) => {
      if (fail) throw new Error("database is locked");
    });
    const { a, states } = setup(save);
    a.change("kept");
    await a.flush();
    expect(states.at(-1)).toBe("failed");
    fail = false;
    await a.flush();
    expect(save.mock.calls.map((c) => c[0])).toEqual(["kept", "kept"]);
    expect(states.at(-1)).toBe("saved");
  });
});
