// The recordings page: your past broadcasts, their recorded parts, clips and MP4s (docs/ui.md, "Pages").
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { formatDuration, RecordingClips, speakDuration } from "@golive/next/ui";
import { listClips, listLivestreams, type PublicLivestream } from "@golive/next/livestream";
import { durationSeconds } from "@golive/next/contract";
import { playbackUrls, thumbnailToken } from "@golive/next/watch";
import { golive } from "../../lib/golive";

export const metadata: Metadata = { title: "Recordings · golive" };

const statusText: Record<PublicLivestream["status"], string> = {
  idle: "Not started",
  starting: "Starting",
  active: "Live now",
  stopping: "Ending",
  completed: "Ended",
  failed: "Failed",
};

// Rendered on the server, so one fixed zone keeps it stable; UTC is said out loud.
const dateFormat = new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" });

function durationOf(l: PublicLivestream): number | null {
  return l.startedAt ? durationSeconds(l.startedAt, l.endedAt ?? new Date()) : null;
}

function Thumbnail({ playbackId, src }: { playbackId: string | null; src: string | null }) {
  if (!playbackId || !src) {
    // No src for an id: sandbox mode with no sandbox to load it from (packages/golive/src/watch/playback-urls.ts).
    return (
      <div className="thumb thumb-placeholder" aria-hidden="true">
        {playbackId ? "No thumbnail" : "No recording"}
      </div>
    );
  }
  return (
    // A plain <img>: MUX's image CDN (or the sandbox's stand-in) already sizes it; next/image would proxy it through this server.
    <img className="thumb" src={src} alt="" width={320} height={180} loading="lazy" />
  );
}

/**
 * A broadcast MUX recorded in several parts (its encoder stayed away longer than the reconnect
 * window; docs/architecture.md, "Recordings across reconnects"): each part, in order, playable.
 */
function RecordedParts({ parts, roomName }: { parts: PublicLivestream["recordings"]; roomName: string }) {
  return (
    <ol className="recording-parts" aria-label={`Recorded parts of ${roomName}`}>
      {parts.map((part, n) => {
        const seconds = part.durationSeconds === null ? null : Math.round(part.durationSeconds);
        return (
          <li key={part.muxAssetId}>
            {part.vodPlaybackId ? <Link href={`/watch/${encodeURIComponent(part.vodPlaybackId)}`}>Part {n + 1}</Link> : <span>Part {n + 1}</span>}
            {seconds !== null && (
              <>
                {" · "}
                <span aria-hidden="true">{formatDuration(seconds)}</span>
                <span className="visually-hidden">{speakDuration(seconds)}</span>
              </>
            )}
            {!part.final && <span className="muted"> (still recording)</span>}
          </li>
        );
      })}
    </ol>
  );
}

// No segment `dynamic`: the session is read under <Suspense>, as `cacheComponents` asks (docs/ui.md, "Pages").
export default function RecordingsPage() {
  return (
    <Suspense fallback={<main className="wide"><h1>Recordings</h1><p className="muted">Loading your broadcasts…</p></main>}>
      <Recordings />
    </Suspense>
  );
}

async function Recordings() {
  const user = await golive.pageUser("/recordings");
  const urls = playbackUrls();
  const broadcasts = await listLivestreams(user.id, { limit: 50 });
  const thumbnails = await Promise.all(
    broadcasts.map(async (b) => {
      const playbackId = b.vodPlaybackId ?? (b.status === "active" ? b.muxPlaybackId : null);
      if (!playbackId) return { playbackId, src: null };
      // A private broadcast's ids are signed: a thumbnail token only while the watch rule lets this viewer watch it.
      const token = b.visibility === "private" ? await thumbnailToken(playbackId, user.id) : undefined;
      return { playbackId, src: urls.thumbnail(playbackId, { width: 320, height: 180, time: 5 }, token) };
    }),
  );
  // Each broadcast's parts with their clips and MP4s, for the client component that manages them.
  const clipLists = await Promise.all(broadcasts.map((b) => (b.recordings.length > 0 ? listClips(b.id, user.id) : null)));
  return (
    <main className="wide">
      <h1>Recordings</h1>
      {broadcasts.length === 0 ? (
        <div className="card">
          <p>
            No broadcasts yet. <Link href="/rooms">Open a room</Link> and go live; when you end the broadcast, its recording appears here.
          </p>
        </div>
      ) : (
        <ul className="recordings" aria-label="Your broadcasts, newest first">
          {broadcasts.map((b, i) => {
            const seconds = durationOf(b);
            const vod = b.vodPlaybackId;
            const thumbnail = thumbnails[i] ?? { playbackId: null, src: null };
            const clipList = clipLists[i];
            return (
              <li key={b.id} className="recording card">
                <Thumbnail playbackId={thumbnail.playbackId} src={thumbnail.src} />
                <div className="recording-body">
                  {/* The broadcast's title when it has one, its room under it. */}
                  <h2>
                    <span className="room-title">{b.title ?? b.roomName}</span>
                  </h2>
                  {b.title && (
                    <p className="recording-room muted">
                      In room <span className="room-title">{b.roomName}</span>
                    </p>
                  )}
                  {b.description && <p className="recording-description">{b.description}</p>}
                  <dl className="facts">
                    <div>
                      <dt>Started</dt>
                      <dd>{b.startedAt ? <time dateTime={b.startedAt.toISOString()}>{dateFormat.format(b.startedAt)} UTC</time> : "—"}</dd>
                    </div>
                    <div>
                      <dt>Duration</dt>
                      <dd>{seconds === null ? "—" : <>
                              <span aria-hidden="true">{formatDuration(seconds)}</span>
                              <span className="visually-hidden">{speakDuration(seconds)}</span>
                            </>}</dd>
                    </div>
                    <div>
                      <dt>Status</dt>
                      <dd>
                        <span className={`state-chip ${b.status}`}>{statusText[b.status]}</span>
                      </dd>
                    </div>
                  </dl>
                  {b.status === "failed" && b.failureReason && <p className="muted">{b.failureReason}</p>}
                  {b.recordings.length > 1 && <RecordedParts parts={b.recordings} roomName={b.roomName} />}
                  <p className="recording-links">
                    {vod && b.recordings.length <= 1 && <Link href={`/watch/${encodeURIComponent(vod)}`}>Watch recording</Link>}
                    {b.status === "active" && b.muxPlaybackId && <Link href={`/watch/${encodeURIComponent(b.muxPlaybackId)}`}>Watch live</Link>}
                    {!vod && b.status === "completed" && <span className="muted">No recording: MUX received no video.</span>}
                    <Link href={`/rooms/${encodeURIComponent(b.roomName)}`}>Open room</Link>
                  </p>
                  {clipList && <RecordingClips initial={clipList} roomName={b.roomName} />}
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
