"use client";
// The watch page's player area: MUX's player, loaded on demand, fed what watch/playback-urls.ts
// decided; in sandbox mode without a sandbox, an honest panel (docs/ui.md, "Pages").
import dynamic from "next/dynamic";
import type { Resume } from "./mux-watch-player";
import type { PlayerSource } from "../../watch";

const MuxWatchPlayer = dynamic(() => import("./mux-watch-player"), {
  ssr: false,
  loading: () => <div className="golive player player-placeholder">Loading the player…</div>,
});

type Props = { source: PlayerSource; live: boolean; title: string; resume?: Resume; onProgress?: (state: Resume) => void };

export function WatchPlayer({ source, live, title, resume, onProgress }: Props) {
  if (source.kind !== "none") return <MuxWatchPlayer source={source} live={live} title={title} resume={resume} onProgress={onProgress} />;
  return (
    <div className="golive player player-placeholder sandbox-player" role="img" aria-label={`Sandbox: no video for ${title}`}>
      <p className="placeholder-title">Sandbox: no video</p>
      <p>
        The sandbox plays its test pattern from <code>MUX_BASE_URL</code>, which is not the sandbox on 127.0.0.1 or localhost
        here, so nothing is played.
      </p>
    </div>
  );
}
