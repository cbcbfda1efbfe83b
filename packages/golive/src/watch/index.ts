// The watch folder's entry: what other folders and the app may import from it (tests/unit/source-rules.test.ts).
export { thumbnailToken, watchAccess } from "./access";
export { playbackUrls } from "./playback-urls";
export type { PlayerSource } from "./playback-urls";
export { mayWatch } from "./policy";
export type { PrivateWatchers, WatchedBroadcast } from "./policy";
export { createShareLink, listShareLinks, listShareLinksQueries, revokeLinksMadeBy, revokeShareLink } from "./share-links";
