// One piece of work a component runs at a time: what it is doing (the label
// its progress line shows) and, when the last run failed, why, in people's words.
import { messageOf } from "./api";

export class Task {
  busy = $state("");
  error = $state("");

  async run(label: string, job: () => Promise<void>): Promise<void> {
    this.busy = label;
    this.error = "";
    try {
      await job();
    } catch (e) {
      this.error = messageOf(e);
    } finally {
      this.busy = "";
    }
  }
}
