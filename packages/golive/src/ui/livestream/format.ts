// Display formats shared by the studio panel and the recordings list (docs/ui.md, "Pages").

/** 75 → "1:15", 3675 → "1:01:15". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(s / 3600);
  const minutes = Math.floor((s % 3600) / 60);
  const seconds = s % 60;
  const mm = hours > 0 ? String(minutes).padStart(2, "0") : String(minutes);
  return `${hours > 0 ? `${hours}:` : ""}${mm}:${String(seconds).padStart(2, "0")}`;
}

/** A screen-reader friendly duration: "1 hour 1 minute 15 seconds". */
export function speakDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const parts: [number, string][] = [
    [Math.floor(s / 3600), "hour"],
    [Math.floor((s % 3600) / 60), "minute"],
    [s % 60, "second"],
  ];
  const spoken = parts.filter(([n]) => n > 0).map(([n, unit]) => `${n} ${unit}${n === 1 ? "" : "s"}`);
  return spoken.length > 0 ? spoken.join(" ") : "0 seconds";
}

/** How long ago, in the largest whole unit: 4_000 → "4 s ago", 150_000 → "2 min ago", 7_200_000 → "2 h ago"; the future reads "just now". */
export function formatAgo(ms: number): string {
  const s = Math.floor(ms / 1000);
  if (s < 1) return "just now";
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  return `${Math.floor(s / 3600)} h ago`;
}

/** A 24-hour local time, "14:03:07": never "PM", the same on every locale. */
export function formatClock(date: Date): string {
  return [date.getHours(), date.getMinutes(), date.getSeconds()].map((n) => String(n).padStart(2, "0")).join(":");
}

/** When something happened, as the panel says it: relative within the hour ("4 s ago"), else "at 14:03:07". */
export function formatWhen(date: Date, now: number): string {
  return now - date.getTime() < 3_600_000 ? formatAgo(now - date.getTime()) : `at ${formatClock(date)}`;
}

/**
 * The server's clock at the browser's `now`: at the read it was `startedAt + duration` (or,
 * before the start, the browser's `fetchedAt`), and the browser's clock only measures what has
 * passed since, so skew never shows in "4 s ago".
 */
export function serverNow(read: { startedAt: Date | null; duration: number | null }, fetchedAt: number, now: number): number {
  const atRead = read.startedAt && read.duration !== null ? read.startedAt.getTime() + read.duration * 1000 : fetchedAt;
  return atRead + Math.max(0, now - fetchedAt);
}
