"use client";
// Seconds live, ticking locally between polls from the server's `duration`, so clock skew never
// shows (docs/ui.md, "The studio panel").
import { durationAt } from "../../contract/client";
import { useNow } from "./use-now";

export function useElapsed(duration: number | null, fetchedAt: number, running: boolean): number {
  const now = useNow(running);
  return running ? durationAt(duration, fetchedAt, now) : (duration ?? 0);
}
