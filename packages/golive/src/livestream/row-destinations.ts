import "server-only";
// What a broadcast row records of its destinations: MUX's entry, and the extras' full URLs
// sealed to the row (docs/architecture.md, "Security model"; invariant 7).
import { buildMuxRtmpUrl, livekitRedactedUrl, maskRtmpUrl, sealUrls, type StreamProtocol } from "../destinations";
import type { StoredDestination } from "../db";
import type { MuxLiveStream } from "../upstream";

/** MUX's output: always first in the egress, never removable, its key in the row's own columns. */
export const MUX_DESTINATION_ID = "mux";

export function muxDestination(muxRtmpUrl: string): StoredDestination {
  return { id: MUX_DESTINATION_ID, type: "mux", name: "MUX", maskedUrl: maskRtmpUrl(muxRtmpUrl), livekitUrl: livekitRedactedUrl(muxRtmpUrl), status: "connecting" };
}

/** The columns that link a row to its MUX stream; egress output order: MUX first, then the extras (`extras`). */
export function muxLinkFields(stream: MuxLiveStream, protocol: StreamProtocol, extras: readonly StoredDestination[]) {
  const rtmpUrl = buildMuxRtmpUrl(stream.streamKey, protocol);
  return {
    muxLiveStreamId: stream.id,
    muxPlaybackId: stream.playbackId,
    muxStreamKey: stream.streamKey,
    rtmpUrl,
    destinations: [muxDestination(rtmpUrl), ...extras],
  };
}

/** The full URLs of `planned`, by the ids `stored` gave them, sealed for row `id`; null when there are none. */
export function sealDestinationUrls(stored: readonly StoredDestination[], planned: readonly { rtmpUrl: string }[], id: string, kept: Readonly<Record<string, string>> = {}): string | null {
  const urls: Record<string, string> = { ...kept };
  stored.forEach((d, i) => {
    const url = planned[i]?.rtmpUrl;
    if (d.id !== undefined && url !== undefined) urls[d.id] = url;
  });
  return Object.keys(urls).length === 0 ? null : sealUrls(urls, id);
}
