// The destination helpers at the path apps know them by; golive owns them (@golive/next/destinations).
export {
  buildDestination,
  buildMuxRtmpUrl,
  buildTwitchRtmpUrl,
  buildYouTubeRtmpUrl,
  getFullRtmpUrl,
  getMuxPlaybackUrl,
  getMuxThumbnailUrl,
} from "@golive/next/destinations";
export type { StreamDestination, StreamDestinationType } from "@golive/next/destinations";
