export { changeLivestream } from "./changes";
export { applyEgressUpdate, applyMuxEvent, applyWebhookOnce, egressUpdateFrom, egressUpdateSchema, isEgressEnded, isOlderThanApplied, mergeStreamResults, muxEventSchema } from "./events";
export type { EgressUpdate, MuxEvent } from "./events";
export { findControllable, getActiveLivestream, getLivestreamStatus, getLivestreamStatusInRoom, listLivestreams, startLivestream, stopLivestream, stopLivestreamInRoom, toPublicLivestream } from "./livestream";
export type { LivestreamStatusResult, PublicLivestream, StartLivestreamResult, StopLivestreamResult } from "./livestream";
export { syncRecordings } from "./recording-sync";
export { livestreamIdOfPart } from "./recordings";
export { SANDBOX_RESTART_REASON, allowedFrom, canTransition, isFinal, settleAfterSandboxRestart, transition } from "./status";
export { stopUnlinkedEgress } from "./stray-egress";
