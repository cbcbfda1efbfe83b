// The `db` entry: the handle and golive's tables (docs/architecture.md, "The package", "Tables").
export { bindDatabase, getDb } from "./handle";
export type { Database } from "./handle";
export { rowsOf } from "./rows";
export { livestreamChangeRate, muxPostTurns } from "./schema/fair-share";
export { GOLIVE_SCHEMA, goliveSchema } from "./schema/golive-schema";
export { idempotencyKeys, liveStatuses, livestreamStatuses, livestreams, pendingEgressEvents } from "./schema/livestreams";
export type { DestinationStatus, Livestream, LivestreamStatus, NewLivestream, StoredDestination } from "./schema/livestreams";
export { roomPresence } from "./schema/presence";
export { livestreamRecordings } from "./schema/recordings";
export { roomInvites, roomMembers, roomRemovals, rooms } from "./schema/rooms";
export type { RoomInvite, RoomRole } from "./schema/rooms";
export { scheduledWork } from "./schema/scheduled-work";
export { shareLinks } from "./schema/share-links";
export type { ShareLinkRow } from "./schema/share-links";
export { muxRateLimits, muxStreamPool } from "./schema/stream-pool";
export type { PoolSlot } from "./schema/stream-pool";
export { webhookEvents } from "./schema/webhook-events";
export type { WebhookSource } from "./schema/webhook-events";
