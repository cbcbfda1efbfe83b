// The livestreams table at the path apps know it by; golive owns it (docs/architecture.md, "Tables").
export { livestreams, livestreamStatuses } from "@golive/next/db";
export type { Livestream, LivestreamStatus, NewLivestream } from "@golive/next/db";
