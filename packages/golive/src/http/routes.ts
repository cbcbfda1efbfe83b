// Every golive route's method handlers, by the key a host's one-line route file names
// (docs/architecture.md, "The host"; the paths: docs/reference/api.md).
import { clipAssetRoutes, clipMp4Routes, clipRoutes } from "./clip-routes";
import { livekitTokenRoutes } from "./livekit-token-route";
import { livestreamRoutes, retryDestinationRoutes, statusRoutes } from "./livestream-routes";
import { acceptInviteRoutes, inviteRoutes, memberRoutes, removalRoutes, roomLiveRoutes, roomRoutes, showRoutes } from "./room-routes";
import { savedDestinationRoutes } from "./saved-destination-routes";
import type { SessionHost } from "./session-host";
import { livekitWebhookRoutes, muxWebhookRoutes, reconcileRoutes } from "./signed-routes";
import { stageRoutes } from "./stage-routes";
import { playbackTokenRoutes, shareLinkRoutes } from "./watch-routes";

export function goliveRoutes(session: SessionHost) {
  return {
    /** /api/video/livestream */
    livestream: livestreamRoutes(session),
    /** /api/video/livestream/status */
    status: statusRoutes(session),
    /** /api/video/livestream/destinations/retry */
    retryDestination: retryDestinationRoutes(session),
    /** /api/video/livestream/share-links */
    shareLinks: shareLinkRoutes(session),
    /** /api/video/livestream/reconcile */
    reconcile: reconcileRoutes(),
    /** /api/video/destinations */
    savedDestinations: savedDestinationRoutes(session),
    /** /api/video/clips */
    clips: clipRoutes(session),
    /** /api/video/clips/asset */
    clipAsset: clipAssetRoutes(session),
    /** /api/video/clips/mp4 */
    clipMp4: clipMp4Routes(session),
    /** /api/video/playback-tokens */
    playbackTokens: playbackTokenRoutes(session),
    /** /api/webhooks/livekit */
    livekitWebhook: livekitWebhookRoutes(),
    /** /api/webhooks/mux */
    muxWebhook: muxWebhookRoutes(),
    /** /api/rooms */
    rooms: roomRoutes(session),
    /** /api/rooms/live */
    live: roomLiveRoutes(session),
    /** /api/rooms/invites */
    invites: inviteRoutes(session),
    /** /api/rooms/invites/accept */
    acceptInvite: acceptInviteRoutes(session),
    /** /api/rooms/members */
    members: memberRoutes(session),
    /** /api/rooms/removals */
    removals: removalRoutes(session),
    /** /api/rooms/show */
    show: showRoutes(session),
    /** /api/rooms/stage */
    stage: stageRoutes(session),
    /** /api/livekit/token */
    livekitToken: livekitTokenRoutes(session),
  };
}

export type GoliveRoutes = ReturnType<typeof goliveRoutes>;
