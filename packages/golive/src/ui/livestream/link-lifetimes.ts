// How long an invite or share link may work, and how its end reads, in UTC on server and client
// alike (docs/ui.md, "Rooms, roles and the invite panel").
export const linkLifetimes = [
  { hours: 1, label: "1 hour" },
  { hours: 24, label: "1 day" },
  { hours: 24 * 7, label: "7 days" },
  { hours: 24 * 30, label: "30 days" },
] as const;

export const DEFAULT_LINK_HOURS = 24 * 7;

export const utcMinute = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;
