"use client";
// The current time, renewed every `everyMs`: the program's clock (template/program.tsx).
import { useEffect, useState } from "react";

export function useNow(everyMs = 1000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}
