export { asServiceError, assertUpstreamConfigured, logUpstream, upstreamFailure } from "./failures";
export { findEgress, listActiveEgresses, participantIdentities, removeParticipant, startRoomCompositeEgress, stopEgress, twirpCode, updateLayout, updateStream, webhookReceiver } from "./livekit";
export { egressUpdateFrom, livekitEventOf, nanosOf, timeFromNanos } from "./livekit-wire";
export type { EgressStreamReport, EgressUpdate, LivekitEvent, PresenceEvent } from "./livekit-wire";
export { TURNS_AHEAD_PER_REQUESTER, createLiveStreamPaced, muxBusy, reservePostSlot, retryAfterSeconds } from "./mux-pace";
export { completeLiveStream, createLiveStream, deleteLiveStream, isMuxNotFound, isRetryableCreateFailure, listLiveStreams, liveStreamStatus, rateLimitedFor, readViewerCount, recentAssetIds, retrieveAsset, signPlaybackTokens } from "./mux";
export type { MuxLiveStream, PlaybackTokens } from "./mux";
export { claimPooledStream, emptyPoolReport, endClaim, isPoolable, maintainPool, poolOrphans, poolRefillsSettled, poolSlotOf, postQueueMs, refillPool, refillSoon, repairStaleSlots, stopPoolRefills, forgetStreamPool } from "./stream-pool";
export type { PoolReport } from "./stream-pool";
