"use client";
// Seconds live, ticking locally between polls: the server's `duration` at `fetchedAt` plus
// the time since, so client/server clock skew never shows. No network involved.
import { useEffect, useState } from "react";

export function useElapsed(duration: number | null, fetchedAt: number, running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  const base = duration ?? 0;
  if (!running || fetchedAt === 0) return base;
  return base + Math.max(0, Math.floor((now - fetchedAt) / 1000));
}
