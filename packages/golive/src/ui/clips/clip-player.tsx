"use client";
// A clip in MUX's player: its HLS URL as it is (MUX's stream host or the sandbox's, the range in
// the URL or in its token), loaded on demand (docs/architecture.md, "Clips").
import MuxPlayer, { type MuxPlayerRefAttributes } from "@mux/mux-player-react";

// As ui/watch/mux-watch-player.tsx: no Google Cast SDK fetched for a media element's `remote`.
function noRemotePlayback(player: MuxPlayerRefAttributes | null): void {
  player?.media?.setAttribute("disableremoteplayback", "");
}

export default function ClipPlayer({ url, title }: { url: string; title: string }) {
  return (
    <MuxPlayer
      ref={noRemotePlayback}
      className="golive player clip-player"
      src={url}
      streamType="on-demand"
      title={title}
      metadataVideoTitle={title}
      accentColor="#e5173f"
      autoPlay="muted"
      disableTracking
      disableCookies
    />
  );
}
