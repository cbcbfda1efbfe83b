export { asServiceError, assertUpstreamConfigured, logUpstream, upstreamFailure } from "./failures";
export { findEgress, listActiveEgresses, participantIdentities, removeParticipant, startRoomCompositeEgress, stopEgress, twirpCode, updateLayout, updateStream, webhookReceiver } from "./livekit";
export { TURNS_AHEAD_PER_REQUESTER, createLiveStreamPaced, muxBusy, reservePostSlot, retryAfterSeconds } from "./mux-pace";
export { completeLiveStream, createLiveStream, deleteLiveStream, isMuxNotFound, isRetryableCreateFailure, listLiveStreams, liveStreamStatus, rateLimitedFor, readViewerCount, recentAssetIds, retrieveAsset, signPlaybackTokens, unwrapWebhook } from "./mux";
export type { MuxLiveStream, PlaybackTokens } from "./mux";
export { claimPooledStream, endClaim, forgetStreamPool, isPoolable, poolSlotOf } from "./pool-claim";
export { poolRefillsSettled, postQueueMs, refillPool, refillSoon, stopPoolRefills } from "./pool-refill";
export { emptyPoolReport, maintainPool, poolOrphans, repairStaleSlots } from "./pool-repairs";
export type { PoolReport } from "./pool-repairs";
