"use client";
// MUX's player for real streams. Loaded on demand (it is large) and never in the sandbox,
// where there is no real video to play.
import MuxPlayer from "@mux/mux-player-react";

export default function MuxWatchPlayer({ playbackId, live, title }: { playbackId: string; live: boolean; title: string }) {
  return (
    <MuxPlayer
      className="player"
      playbackId={playbackId}
      streamType={live ? "live" : "on-demand"}
      title={title}
      metadataVideoTitle={title}
      accentColor="#e5173f"
      autoPlay={live ? "muted" : false}
    />
  );
}
