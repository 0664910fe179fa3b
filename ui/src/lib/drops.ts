// Files dropped on (or dragged over) the window. For an $effect: it returns
// the function that stops listening, which the effect calls on teardown.
import { getCurrentWebview, type DragDropEvent } from "@tauri-apps/api/webview";

export function onWindowDrop(handler: (event: DragDropEvent) => void): () => void {
  const unlisten = getCurrentWebview().onDragDropEvent(({ payload }) => handler(payload));
  return () => void unlisten.then((stop) => stop());
}
