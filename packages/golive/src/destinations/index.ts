// The `destinations` entry (docs/architecture.md, "The package").
export { MAX_ENDED_DESTINATIONS, isOver, trimEnded } from "./history";
export { assertPublicDestinations } from "./host-policy";
export { assertPublicDestinationHosts, judgeHost, parseHost, parseHostAllowList } from "./hosts";
export type { HostCheckOptions, Resolver } from "./hosts";
export { WITHHELD_TEXT, broadcastSecrets, keyHashesFor, maskBroadcastText, maskerFor } from "./keys";
export { boundUpstreamText, livekitRedactedUrl, maskRecognisedKeys, maskRtmpUrl, maskSecret, redact, redactUpstreamText } from "./mask";
export { goLiveRequestSchema, isGoLivePlan, mixedProtocolsMessage, planDestinations, planGoLive, storedDestinations } from "./plan";
export type { DestinationInput, GoLivePlan, GoLiveSettings, PlannedDestination } from "./plan";
export { createSavedDestination, deleteSavedDestination, listSavedDestinations, listSavedDestinationsQuery, resolveSavedDestinations, unreadableSavedKeyMessage, updateSavedDestination } from "./saved";
export { open, openUrls, seal, sealUrls, unreadableSealMessage } from "./secret-box";
export type { SealPurpose } from "./secret-box";
export { assertValidStreamKey, buildDestination, buildMuxRtmpUrl, buildTwitchRtmpUrl, buildYouTubeRtmpUrl, getFullRtmpUrl, getMuxPlaybackUrl, getMuxThumbnailUrl, parseCustomRtmpUrl, protocolOf } from "./stream-destinations";
export type { StreamDestination, StreamDestinationType, StreamProtocol } from "./stream-destinations";
