// How long a link may work, as the invite panel and the share-link panel offer it, and how its
// end reads (rendered on server and client alike, so in UTC and said out loud).
export const linkLifetimes = [
  { hours: 1, label: "1 hour" },
  { hours: 24, label: "1 day" },
  { hours: 24 * 7, label: "7 days" },
  { hours: 24 * 30, label: "30 days" },
] as const;

export const DEFAULT_LINK_HOURS = 24 * 7;

export const utcMinute = (d: Date) => `${d.toISOString().replace("T", " ").slice(0, 16)} UTC`;
