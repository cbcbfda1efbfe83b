"use client";
// The player area of the watch page: MUX's player, loaded on demand (it is large), fed what
// packages/golive/src/watch/playback-urls.ts decided — MUX's stream for the playback id, or the offline
// sandbox's on loopback. In sandbox mode without a sandbox to play from, an honest panel
// instead of a player that would dial MUX.
import dynamic from "next/dynamic";
import type { Resume } from "@/components/watch/mux-watch-player";
import type { PlayerSource } from "@golive/next/watch";

const MuxWatchPlayer = dynamic(() => import("@/components/watch/mux-watch-player"), {
  ssr: false,
  loading: () => <div className="player player-placeholder">Loading the player…</div>,
});

type Props = { source: PlayerSource; live: boolean; title: string; resume?: Resume; onProgress?: (state: Resume) => void };

export function WatchPlayer({ source, live, title, resume, onProgress }: Props) {
  if (source.kind !== "none") return <MuxWatchPlayer source={source} live={live} title={title} resume={resume} onProgress={onProgress} />;
  return (
    <div className="player player-placeholder sandbox-player" role="img" aria-label={`Sandbox: no video for ${title}`}>
      <p className="placeholder-title">Sandbox: no video</p>
      <p>
        The sandbox plays its test pattern from <code>MUX_BASE_URL</code>, which is not the sandbox on 127.0.0.1 or localhost
        here, so nothing is played.
      </p>
    </div>
  );
}
