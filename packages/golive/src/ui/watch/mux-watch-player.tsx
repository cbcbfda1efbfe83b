"use client";
// MUX's player: the playback id with real MUX; against the sandbox its playlist and poster, dialing
// nothing but loopback (tests/e2e/playback.test.ts; docs/ui.md, "The sandbox (`LIVESTREAM_SANDBOX=1`)").
import MuxPlayer, { type MuxPlayerRefAttributes } from "@mux/mux-player-react";
import type { PlayerSource } from "../../watch";

/** Where a renewed source picks up (renewing-player.tsx): the time reached, and whether it was playing. */
export type Resume = { at: number; playing: boolean };

type Props = {
  source: Exclude<PlayerSource, { kind: "none" }>;
  live: boolean;
  title: string;
  resume?: Resume;
  /** Told the playback position and whether it plays, so a renewal can resume there. */
  onProgress?: (state: Resume) => void;
};

// castable-video loads the Google Cast sender SDK from www.gstatic.com the first time anything
// reads the media element's `remote`, unless the element has `disableremoteplayback`. mux-player
// has no prop for it, so it is set on its <mux-video> as soon as React attaches the player:
// media-chrome first reads `remote` after an await, later than this synchronous ref callback.
function noRemotePlayback(player: MuxPlayerRefAttributes | null): void {
  player?.media?.setAttribute("disableremoteplayback", "");
}

export default function MuxWatchPlayer({ source, live, title, resume, onProgress }: Props) {
  // New tokens mean a new source URL, which mux-player loads afresh: a recording resumes where it
  // was, and whatever was playing keeps playing (with sound where the viewer had it, hence "any").
  const report = (event: Event) => {
    const media = event.target as HTMLMediaElement;
    onProgress?.({ at: media.currentTime, playing: !media.paused });
  };
  const common = {
    className: "golive player",
    streamType: live ? "live" : "on-demand",
    title,
    metadataVideoTitle: title,
    accentColor: "#e5173f",
    autoPlay: resume ? (resume.playing ? "any" : false) : live ? "muted" : false,
    ...(resume && !live ? { startTime: resume.at } : {}),
    ...(onProgress ? { onTimeUpdate: report, onPlay: report, onPause: report } : {}),
  } as const;
  if (source.kind === "mux") return <MuxPlayer {...common} playbackId={source.playbackId} tokens={source.tokens} />;
  return <MuxPlayer {...common} ref={noRemotePlayback} src={source.src} poster={source.poster} disableTracking disableCookies />;
}
