// Every time golive's UI shows is 24-hour, never AM/PM next to a UTC one (docs/ui.md, "The studio
// panel"): one formatter, formatClock, and no locale-dependent time formatting in the UI or pages.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { expect, test } from "vitest";
import { formatClock } from "@golive/next/ui";

test("formatClock is 24-hour with two-digit fields, whatever the locale", () => {
  expect(formatClock(new Date(2026, 0, 2, 14, 3, 7))).toBe("14:03:07");
  expect(formatClock(new Date(2026, 0, 2, 0, 5, 9))).toBe("00:05:09");
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : /\.tsx?$/.test(name) ? [full] : [];
  });
}

test("no UI code or page formats a time by the browser's or server's locale (toLocaleTimeString and friends)", () => {
  const offenders = [...filesUnder("packages/golive/src/ui"), ...filesUnder("src/app"), ...filesUnder("src/components")].filter((file) =>
    /\.toLocale(Time|Date)?String\(|hour12\s*:\s*true/.test(readFileSync(file, "utf8")),
  );
  expect(offenders).toEqual([]);
});
