// One piece of work a component runs at a time: what it is doing (the label
// its progress line shows) and, when the last run failed, why, in people's words.
import { AppError, messageOf } from "./api";

export class Task {
  busy = $state("");
  error = $state("");
  /** The failure's code, for an error that points at another step's fix. */
  code = $state("");

  async run(label: string, job: () => Promise<void>): Promise<void> {
    this.busy = label;
    this.error = "";
    this.code = "";
    try {
      await job();
    } catch (e) {
      this.error = messageOf(e);
      this.code = e instanceof AppError ? e.code : "";
    } finally {
      this.busy = "";
    }
  }
}
