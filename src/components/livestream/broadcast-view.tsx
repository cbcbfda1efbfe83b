"use client";
// The live half of the studio panel: state badge, elapsed time, viewers, destinations,
// playback URL and "End stream" (behind a confirmation). Also the ended / failed summary.
import Link from "next/link";
import { useState } from "react";
import { useElapsed } from "@/hooks/use-elapsed";
import { ConfirmDialog } from "./confirm-dialog";
import { CopyField } from "./copy-field";
import { DestinationList } from "./destination-list";
import { formatDuration, speakDuration } from "./format";
import type { LivestreamStatus, LivestreamStatusResult } from "@/lib/video/contract";

const badges: Record<LivestreamStatus, { text: string; className: string }> = {
  idle: { text: "Not live", className: "idle" },
  starting: { text: "Starting", className: "starting" },
  active: { text: "LIVE", className: "live" },
  stopping: { text: "Ending", className: "stopping" },
  completed: { text: "Ended", className: "ended" },
  failed: { text: "Failed", className: "failed" },
};

type Props = {
  broadcast: LivestreamStatusResult;
  fetchedAt: number;
  stopping: boolean;
  stale: boolean;
  onEnd: () => Promise<boolean>;
  onReset: () => void;
};

export function BroadcastView({ broadcast, fetchedAt, stopping, stale, onEnd, onReset }: Props) {
  const [confirming, setConfirming] = useState(false);
  const running = broadcast.status === "active" || broadcast.status === "starting";
  const elapsed = useElapsed(broadcast.duration, fetchedAt, running);
  const badge = badges[broadcast.status];
  const ended = broadcast.status === "completed" || broadcast.status === "failed";
  const viewers = broadcast.viewerCountAvailable ? broadcast.viewerCount : null;

  return (
    <section className="broadcast" aria-labelledby="broadcast-heading">
      <h2 id="broadcast-heading" className="broadcast-heading">
        <span className={`badge ${badge.className}`}>{badge.text}</span>
        <span className="visually-hidden"> broadcast</span>
        <span className="room-name">{broadcast.roomName}</span>
      </h2>
      <p className="broadcast-state" role="status">
        {broadcast.status === "starting" && "Waiting for MUX to receive the first video from LiveKit…"}
        {broadcast.status === "active" && "You are live. Viewers can watch with the playback URL below."}
        {broadcast.status === "stopping" && "Ending the broadcast and finalising the recording…"}
        {broadcast.status === "completed" && "The broadcast has ended. MUX keeps the recording."}
        {broadcast.status === "failed" && `The broadcast failed: ${broadcast.failureReason ?? "no reason was given."}`}
      </p>
      {stale && (
        <p className="notice" role="status">
          Lost contact with the server; retrying. What you see may be out of date.
        </p>
      )}

      <dl className="stats">
        <div>
          <dt>{ended ? "Duration" : "Elapsed"}</dt>
          <dd>
            <span aria-hidden="true">{formatDuration(elapsed)}</span>
            <span className="visually-hidden">{speakDuration(elapsed)}</span>
          </dd>
        </div>
        {!ended && (
          <div>
            <dt>Viewers</dt>
            <dd>{viewers === null ? <span title="Viewer counts are not available for this stream">—</span> : viewers}</dd>
          </div>
        )}
      </dl>

      <h3>Destinations</h3>
      <DestinationList destinations={broadcast.destinations} broadcast={broadcast.status} />

      {broadcast.playbackUrl && broadcast.muxPlaybackId && !ended && (
        <>
          <CopyField id="playback-url" label="Playback URL" value={broadcast.playbackUrl} />
          <p>
            <Link href={`/watch/${encodeURIComponent(broadcast.muxPlaybackId)}`} target="_blank">
              Open the watch page
            </Link>{" "}
            <span className="muted">(share this link with viewers)</span>
          </p>
        </>
      )}

      {!ended && (
        <button type="button" className="danger" disabled={stopping || broadcast.status === "stopping"} onClick={() => setConfirming(true)}>
          {stopping || broadcast.status === "stopping" ? "Ending…" : "End stream"}
        </button>
      )}

      {ended && (
        <div className="ended-actions">
          {broadcast.vodPlaybackId && (
            <Link className="button-link secondary" href={`/watch/${encodeURIComponent(broadcast.vodPlaybackId)}`}>
              Watch the recording
            </Link>
          )}
          <Link className="button-link secondary" href="/recordings">
            All recordings
          </Link>
          <button type="button" onClick={onReset}>
            Set up a new broadcast
          </button>
        </div>
      )}

      <ConfirmDialog
        open={confirming}
        title="End the broadcast?"
        confirmLabel="End stream"
        cancelLabel="Keep streaming"
        onCancel={() => setConfirming(false)}
        onConfirm={() => {
          setConfirming(false);
          void onEnd();
        }}
      >
        <p>Viewers on MUX and every other destination will see the stream end. The recording is kept.</p>
      </ConfirmDialog>
    </section>
  );
}
