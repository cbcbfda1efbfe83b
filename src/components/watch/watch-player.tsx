"use client";
// The player area of the watch page: MUX's player, or in the sandbox an honest panel saying
// there is no real video (the sandbox never sends media, and tests may not dial MUX).
import dynamic from "next/dynamic";

const MuxWatchPlayer = dynamic(() => import("@/components/watch/mux-watch-player"), {
  ssr: false,
  loading: () => <div className="player player-placeholder">Loading the player…</div>,
});

type Props = { playbackId: string; live: boolean; title: string; sandbox: boolean };

export function WatchPlayer({ playbackId, live, title, sandbox }: Props) {
  if (!sandbox) return <MuxWatchPlayer playbackId={playbackId} live={live} title={title} />;
  return (
    <div className="player player-placeholder sandbox-player" role="img" aria-label={`Sandbox: no real video for ${title}`}>
      <p className="placeholder-title">Sandbox: no real video</p>
      <p>
        Here MUX&apos;s player would play <code>{`https://stream.mux.com/${playbackId}.m3u8`}</code>
        {live ? " as a live stream." : " as a recording."}
      </p>
      <p className="muted">The sandbox emulates MUX&apos;s API but carries no media.</p>
    </div>
  );
}
