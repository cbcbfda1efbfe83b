// How much of a live broadcast's destination history is kept: MUX and every running destination,
// and the latest ended extras, so add/remove cycles can't grow the row without bound
// (docs/architecture.md, "Changing a live broadcast").
import type { StoredDestination } from "../db";

export const MAX_ENDED_DESTINATIONS = 20;

/** Removed by the host, or given up by LiveKit: it won't carry the broadcast again. */
export const isOver = (d: StoredDestination) => d.removedAt !== undefined || d.status === "failed" || d.status === "finished";

/**
 * `destinations` without the earliest-added ended extras beyond MAX_ENDED_DESTINATIONS, in
 * their order; `dropped` are the ids of those left out.
 */
export function trimEnded(destinations: readonly StoredDestination[]): { kept: StoredDestination[]; dropped: string[] } {
  const ended = destinations.filter((d) => d.type !== "mux" && isOver(d));
  const drop = new Set(ended.slice(0, Math.max(0, ended.length - MAX_ENDED_DESTINATIONS)));
  return {
    kept: destinations.filter((d) => !drop.has(d)),
    dropped: [...drop].flatMap((d) => (d.id === undefined ? [] : [d.id])),
  };
}
