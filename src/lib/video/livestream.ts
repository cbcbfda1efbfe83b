import "server-only";
// The service module at the path apps know it by: golive's broadcasts, bound to this
// app by the host file (docs/architecture.md, "The host").
import "../golive";

export {
  changeLivestream,
  getActiveLivestream,
  getLivestreamStatus,
  listLivestreams,
  startLivestream,
  stopLivestream,
} from "@golive/next/livestream";
export { LivestreamError } from "@golive/next/contract";
export type { Livestream } from "@golive/next/db";
export type { StreamDestination, StreamDestinationType } from "@golive/next/destinations";
