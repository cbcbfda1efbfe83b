"use client";
// One clip: its range, its state, a player, and what may be done with it (make a clip asset, an
// MP4, delete) (docs/ui.md, "Clips and MP4s").
import dynamic from "next/dynamic";
import { useState } from "react";
import type { Clip } from "../../contract/client";
import { formatDuration } from "../livestream/format";
import { Mp4Link } from "./mp4-link";

const ClipPlayer = dynamic(() => import("./clip-player"), {
  ssr: false,
  loading: () => <div className="golive player player-placeholder">Loading the player…</div>,
});

export type ClipCommands = {
  makeAsset?: (clip: Clip) => void;
  requestMp4?: (clip: Clip) => void;
  remove?: (clip: Clip) => void;
  pending?: boolean;
};

const stateText: Record<Clip["state"], string> = { preparing: "Making the clip…", ready: "Ready", errored: "The clip could not be made", deleted: "Deleted" };

/** The range as a person reads it: "0:10 – 0:40 (30 s)". */
export function rangeText(clip: Pick<Clip, "startSeconds" | "endSeconds">): string {
  const length = clip.endSeconds - clip.startSeconds;
  return `${formatDuration(Math.floor(clip.startSeconds))} – ${formatDuration(Math.ceil(clip.endSeconds))} (${Number(length.toFixed(1))} s)`;
}

export function ClipView({ clip, commands, startOpen = false }: { clip: Clip; commands: ClipCommands; startOpen?: boolean }) {
  const [playing, setPlaying] = useState(startOpen);
  const title = clip.title ?? `Clip ${rangeText(clip)}`;
  return (
    <li className="clip" aria-label={title}>
      <p className="clip-line">
        <strong>{title}</strong>
        {clip.title && <span className="muted"> · {rangeText(clip)}</span>}
        <span className="muted"> · {clip.kind === "instant" ? "Instant clip" : stateText[clip.state]}</span>
      </p>
      {clip.failureReason && <p className="muted">{clip.failureReason}</p>}
      <p className="clip-actions">
        {clip.playback && (
          <button type="button" className="secondary small" onClick={() => setPlaying(!playing)} aria-expanded={playing}>
            {playing ? "Hide clip" : "Play clip"}
          </button>
        )}
        {commands.makeAsset && clip.kind === "instant" && (
          <button type="button" className="secondary small" disabled={commands.pending} onClick={() => commands.makeAsset?.(clip)}>
            Make clip asset
          </button>
        )}
        {commands.requestMp4 && <Mp4Link mp4={clip.mp4} disabled={commands.pending} onRequest={() => commands.requestMp4?.(clip)} />}
        {commands.remove && (
          <button type="button" className="secondary small" disabled={commands.pending} onClick={() => commands.remove?.(clip)}>
            Delete clip
          </button>
        )}
      </p>
      {playing && clip.playback && <ClipPlayer url={clip.playback.url} title={title} />}
    </li>
  );
}
