"use client";
// Seconds live, ticking locally between polls from the server's `duration`, so clock skew never
// shows (docs/ui.md, "The studio panel").
import { useEffect, useState } from "react";
import { durationAt } from "../../contract/client";

export function useElapsed(duration: number | null, fetchedAt: number, running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return running ? durationAt(duration, fetchedAt, now) : (duration ?? 0);
}
