// Files the user opened with the app: from the file manager (a .rbpub bundle or a
// *-ram.tar.gz template export), or as arguments. The shell queues them at start-up
// and when a later start hands them over ("files-opened"); the portfolio offers
// each one in the import dialog, oldest first.
import { listen } from "@tauri-apps/api/event";
import { api } from "./api";

export const opened = $state({ queue: [] as string[] });

async function take() {
  const files = await api.openedFiles();
  if (files.length > 0) opened.queue.push(...files);
}

/** Takes what is queued now and listens for more; `onfiles` is called when there are some. */
export function watchOpenedFiles(onfiles: () => void): () => void {
  const takeAndTell = () =>
    take()
      .then(() => {
        if (opened.queue.length > 0) onfiles();
      })
      .catch(() => {});
  void takeAndTell();
  const stop = listen("files-opened", () => void takeAndTell());
  return () => void stop.then((unlisten) => unlisten());
}
