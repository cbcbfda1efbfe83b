"use client";
// Seconds live, ticking locally between polls: the server's `duration` at `fetchedAt` plus
// the time since, so client/server clock skew never shows. No network involved.
import { useEffect, useState } from "react";
import { durationAt } from "@golive/next/contract/client";

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
