"use client";
// The browser's clock, ticking each second while `running`: the studio panel's "4 s ago" and the
// program's clock (docs/ui.md, "The studio panel").
import { useEffect, useState } from "react";

export function useNow(running = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}
