// The livestream folder's entry: start, stop, reads, changes, events (docs/architecture.md, "Module map").
export { changeLivestream } from "./changes";
export { applyEgressUpdate, applyMuxEvent, applyWebhookOnce, egressUpdateFrom, egressUpdateSchema, isEgressEnded, isOlderThanApplied, mergeStreamResults, muxEventSchema } from "./events";
export type { EgressUpdate, MuxEvent } from "./events";
export { findControllable, getActiveLivestream, getLivestreamStatus, getLivestreamStatusInRoom, listLivestreams, statusOf } from "./read";
export { MUX_DESTINATION_ID, sealDestinationUrls } from "./row-destinations";
export { startLivestream } from "./start";
export type { StartLivestreamControl, StartLivestreamOptions } from "./start";
export { stopLivestream, stopLivestreamInRoom } from "./stop";
export { toPublicLivestream, toStatus } from "./views";
export type { LivestreamStatusResult, PublicLivestream, StartLivestreamResult, StopLivestreamResult } from "../contract";
export { syncRecordings } from "./recording-sync";
export { livestreamIdOfPart } from "./recordings";
export { SANDBOX_RESTART_REASON, allowedFrom, canTransition, isFinal, settleAfterSandboxRestart, transition } from "./status";
export { stopUnlinkedEgress } from "./stray-egress";
