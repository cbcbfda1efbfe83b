// The livestream folder's entry: start, stop, reads, changes, events (docs/architecture.md, "Module map").
export { changeLivestream } from "./changes";
export { findControllable, getActiveLivestream, getLivestreamStatus, getLivestreamStatusInRoom, listLivestreams, listLivestreamsPage, statusOf } from "./read";
export { listLivestreamsQuery } from "./list-query";
export type { ListPageQuery } from "./list-query";
export { MUX_DESTINATION_ID, sealDestinationUrls } from "./row-destinations";
export { startLivestream } from "./start";
export type { StartLivestreamControl, StartLivestreamOptions } from "./start";
export { stopLivestream, stopLivestreamInRoom } from "./stop";
export { toPublicLivestream, toStatus } from "./views";
export type { LivestreamStatusResult, PublicLivestream, StartLivestreamResult, StopLivestreamResult } from "../contract";
export { applyEgressUpdate, isEgressEnded, isOlderThanApplied, mergeStreamResults } from "./egress-events";
export { storedEgressUpdate } from "./early-events";
export { applyMuxEvent, muxEventSchema } from "./mux-events";
export type { MuxEvent } from "./mux-events";
export { syncRecordings } from "./recording-sync";
export { livestreamIdOfPart } from "./recordings";
export { SANDBOX_RESTART_REASON, allowedFrom, canTransition, isFinal, settleAfterSandboxRestart, transition } from "./status";
export { stopUnlinkedEgress } from "./stray-egress";
