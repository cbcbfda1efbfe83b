"use client";
// The live half of the studio panel: state, elapsed time, viewers, destinations, live controls,
// playback URL and "End stream"; also the ended / failed summary (docs/ui.md, "The studio panel").
import Link from "next/link";
import { useState } from "react";
import { useElapsed } from "../hooks/use-elapsed";
import { ConfirmDialog } from "./confirm-dialog";
import { CopyField } from "./copy-field";
import { DestinationList } from "./destination-list";
import { GuardrailNotice } from "./guardrail-notice";
import { LiveControls } from "./live-controls";
import { LiveClipButtons } from "../clips/live-clip-buttons";
import type { PrivateWatchers } from "./private-audience";
import { ShareLinksPanel } from "./share-links-panel";
import type { UseLivestream } from "../hooks/use-livestream";
import { formatDuration, speakDuration } from "./format";
import { badges } from "./badges";
import { StudioBar } from "../studio/studio-bar";
import { useStudioState } from "../studio/studio-state";
import { captionLanguageNames, type LivestreamDestination, type LivestreamStatusResult } from "../../contract/client";

type Props = {
  livestream: LivestreamStatusResult;
  fetchedAt: number;
  stopping: boolean;
  changing: boolean;
  stale: boolean;
  onEnd: () => Promise<boolean>;
  onChange: UseLivestream["change"];
  onRetry: UseLivestream["retry"];
  onReset: () => void;
  /** Who a private broadcast plays for besides share-link holders (LIVESTREAM_PRIVATE_WATCHERS). */
  privateWatchers: PrivateWatchers;
  /** Who started it, when that isn't you (the room's owner sees every broadcast of their room). */
  startedBy?: string;
};

export function LivestreamView({ livestream, fetchedAt, stopping, changing, stale, onEnd, onChange, onRetry, onReset, privateWatchers, startedBy }: Props) {
  const [confirming, setConfirming] = useState(false);
  const [removing, setRemoving] = useState<Pick<LivestreamDestination, "id" | "name"> | null>(null);
  const running = livestream.status === "active" || livestream.status === "starting";
  const elapsed = useElapsed(livestream.duration, fetchedAt, running);
  const badge = badges[livestream.status];
  const ended = livestream.status === "completed" || livestream.status === "failed";
  const viewers = livestream.viewerCountAvailable ? livestream.viewerCount : null;
  // LiveKit takes changes once its egress exists: while active (starting shows them disabled).
  const changeable = livestream.status === "active";
  const showTitle = useStudioState()?.show.title;
  const ending = stopping || livestream.status === "stopping";

  return (
    <section className="golive broadcast" aria-labelledby="broadcast-heading">
      <h2 id="broadcast-heading" className="broadcast-heading">
        {/* The state's badge is in the studio bar; the heading says it in words. */}
        <span className="room-name">{livestream.roomName}</span>
        <span className="muted">{badge.word}</span>
        {livestream.visibility === "private" && <span className="state-chip">Private</span>}
        {livestream.captions && <span className="state-chip">Captions: {captionLanguageNames[livestream.captions]}</span>}
      </h2>
      <p className="broadcast-state" role="status">
        {livestream.status === "starting" && "Starting: waiting for the first video to reach the watch page…"}
        {livestream.status === "active" &&
          (startedBy
            ? `${startedBy} is live in your room. As its owner you can change or end this broadcast.`
            : "You are live. Viewers can watch with the playback URL below.")}
        {livestream.status === "stopping" && "Ending the broadcast and finalising the recording…"}
        {livestream.status === "completed" && `${livestream.endReason ?? "The broadcast has ended"}. The recording is kept.`}
        {livestream.status === "failed" && `The broadcast failed: ${livestream.failureReason ?? "no reason was given."}`}
      </p>
      {running && <GuardrailNotice livestream={livestream} fetchedAt={fetchedAt} />}
      {stale && (
        <p className="notice" role="status">
          Lost contact with the server; retrying. What you see may be out of date.
        </p>
      )}

      {/* Running, the bar shows the time and the viewers. */}
      {ended && (
        <dl className="stats">
          <div>
            <dt>Duration</dt>
            <dd>
              <span aria-hidden="true">{formatDuration(elapsed)}</span>
              <span className="visually-hidden">{speakDuration(elapsed)}</span>
            </dd>
          </div>
        </dl>
      )}
      <StudioBar status={livestream.status} title={livestream.title ?? (showTitle || livestream.roomName)} elapsed={ended ? null : elapsed} viewers={ended ? null : viewers}>
        {!ended && (
          <button type="button" className="danger" disabled={ending} onClick={() => setConfirming(true)}>
            {ending ? "Ending…" : "End stream"}
          </button>
        )}
      </StudioBar>

      <h3>Destinations</h3>
      <DestinationList
        destinations={livestream.destinations}
        status={livestream.status}
        health={livestream.health}
        read={livestream}
        fetchedAt={fetchedAt}
        onRemove={changeable ? setRemoving : undefined}
        onRetry={changeable ? (d) => void onRetry(d.id) : undefined}
        removing={changing}
      />
      {changeable && (
        // Collapsed while live: the broadcast, not its settings, is what the host watches (docs/ui.md, "The studio bar").
        <details className="live-settings">
          <summary>Change destinations and picture</summary>
          <LiveControls livestream={livestream} changing={changing} onChange={onChange} />
        </details>
      )}
      {livestream.status === "active" && <LiveClipButtons livestreamId={livestream.livestreamId} />}

      {livestream.playbackUrl && livestream.muxPlaybackId && !ended && (
        <>
          <CopyField id="playback-url" label="Playback URL" value={livestream.playbackUrl} />
          <p>
            <Link href={`/watch/${encodeURIComponent(livestream.muxPlaybackId)}`} target="_blank">
              Open the watch page
            </Link>{" "}
            <span className="muted">(share this link with viewers)</span>
          </p>
        </>
      )}

      {livestream.visibility === "private" && livestream.muxPlaybackId && <ShareLinksPanel livestreamId={livestream.livestreamId} privateWatchers={privateWatchers} />}

      {ended && (
        <div className="ended-actions">
          {livestream.recordings.length > 1 ? (
            // MUX recorded it in parts (a reconnect took longer than the window): the recordings page lists each.
            <Link className="button-link secondary" href="/recordings">
              Watch the recording ({livestream.recordings.length} parts)
            </Link>
          ) : (
            livestream.vodPlaybackId && (
              <Link className="button-link secondary" href={`/watch/${encodeURIComponent(livestream.vodPlaybackId)}`}>
                Watch the recording
              </Link>
            )
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
        <p>
          {startedBy ? `${startedBy} started this broadcast; ending it stops it for them too. ` : ""}Viewers on the watch page and every other destination will see
          the stream end. The recording is kept.
        </p>
      </ConfirmDialog>

      <ConfirmDialog
        open={removing !== null}
        title={`Stop sending to ${removing?.name ?? "this destination"}?`}
        confirmLabel="Remove"
        cancelLabel="Keep it"
        onCancel={() => setRemoving(null)}
        onConfirm={() => {
          const target = removing;
          setRemoving(null);
          if (target) void onChange({ removeDestinations: [target.id] });
        }}
      >
        <p>Its viewers will see the stream end. The broadcast carries on everywhere else, and the recording goes on.</p>
      </ConfirmDialog>
    </section>
  );
}
