import { describe, expect, it } from "vitest";
import { AppError } from "./api";
import { Task } from "./task.svelte";

describe("Task", () => {
  it("shows its label while the job runs, and the app's message when it fails", async () => {
    const task = new Task();
    let seen = "";
    await task.run("Reading logo.png…", async () => {
      seen = task.busy;
    });
    expect(seen).toBe("Reading logo.png…");
    expect([task.busy, task.error]).toEqual(["", ""]);

    await task.run("Pushing…", async () => {
      throw new AppError("networkDown", "http://127.0.0.1:7420: connection refused");
    });
    expect([task.busy, task.error]).toEqual([
      "",
      "The store or console cannot be reached; changes wait in the outbox: http://127.0.0.1:7420: connection refused",
    ]);

    await task.run("Again", async () => {});
    expect(task.error, "a new run clears the last failure").toBe("");
  });
});
