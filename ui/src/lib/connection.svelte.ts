// The connection to the store and console as the whole window sees it: one
// copy, refreshed by every online call and checked on a timer, which also
// sends whatever waits in the outbox.
import { api } from "./api";
import type { ConnectionView } from "./bindings";

export const connection = $state<{ view: ConnectionView | null; sent: number }>({ view: null, sent: 0 });

/** How often the window checks the connection (and sends the outbox). */
export const CHECK_EVERY_MS = 20_000;

/** Keeps the newest view; counts a check that sent waiting pushes, so what shows a listing reloads it. */
export function setConnection(view: ConnectionView): ConnectionView {
  const still = new Set(view.outbox.map((i) => i.id));
  if (connection.view?.outbox.some((i) => !still.has(i.id))) connection.sent++;
  connection.view = view;
  return view;
}

export async function loadConnection(): Promise<void> {
  setConnection(await api.connection());
}

export async function checkConnection(): Promise<void> {
  setConnection(await api.checkConnection());
}

/** Runs an online call that answers with the connection, keeping the shared copy. */
export async function online(call: () => Promise<ConnectionView>): Promise<ConnectionView> {
  return setConnection(await call());
}

export const waiting = (v: ConnectionView | null) => v?.outbox.filter((i) => !i.failed).length ?? 0;
export const refused = (v: ConnectionView | null) => v?.outbox.filter((i) => i.failed).length ?? 0;
