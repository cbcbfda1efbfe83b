"use client";
// The browser's clock, ticking each second while `running` (docs/ui.md, "The studio panel").
import { useEffect, useState } from "react";

export function useNow(running: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);
  return now;
}
