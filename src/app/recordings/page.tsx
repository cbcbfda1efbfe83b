import type { Metadata } from "next";
import Link from "next/link";
import { formatDuration, speakDuration } from "@/components/livestream/format";
import { requireUser } from "@/components/server/require-user";
import { sandboxSetting } from "@/lib/env";
import { listLivestreams, type PublicLivestream } from "@/lib/video/livestream";
import { durationSeconds } from "@/lib/video/contract";
import { getMuxThumbnailUrl } from "@/lib/video/stream-destinations";

export const metadata: Metadata = { title: "Recordings · golive" };
export const dynamic = "force-dynamic";

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

function Thumbnail({ playbackId, sandbox }: { playbackId: string | null; sandbox: boolean }) {
  // In the sandbox there are no real images at image.mux.com; a placeholder says so.
  if (!playbackId || sandbox) {
    return (
      <div className="thumb thumb-placeholder" aria-hidden="true">
        {sandbox && playbackId ? "Sandbox: no thumbnail" : "No recording"}
      </div>
    );
  }
  return (
    // A plain <img>: MUX's image CDN already resizes; next/image would proxy it through this server.
    <img className="thumb" src={getMuxThumbnailUrl(playbackId, { width: 320, height: 180, time: 5 })} alt="" width={320} height={180} loading="lazy" />
  );
}

export default async function RecordingsPage() {
  const user = await requireUser("/recordings");
  const sandbox = sandboxSetting() === "on";
  const broadcasts = await listLivestreams(user.id, { limit: 50 });
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
          {broadcasts.map((b) => {
            const seconds = durationOf(b);
            const vod = b.vodPlaybackId;
            return (
              <li key={b.id} className="recording card">
                <Thumbnail playbackId={vod ?? (b.status === "active" ? b.muxPlaybackId : null)} sandbox={sandbox} />
                <div className="recording-body">
                  <h2>
                    <span className="room-title">{b.roomName}</span>
                  </h2>
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
                  <p className="recording-links">
                    {vod && <Link href={`/watch/${encodeURIComponent(vod)}`}>Watch recording</Link>}
                    {b.status === "active" && b.muxPlaybackId && <Link href={`/watch/${encodeURIComponent(b.muxPlaybackId)}`}>Watch live</Link>}
                    {!vod && b.status === "completed" && <span className="muted">No recording: MUX received no video.</span>}
                    <Link href={`/rooms/${encodeURIComponent(b.roomName)}`}>Open room</Link>
                  </p>
                </div>
              </li>
            );
          })}
        </ul>
      )}
    </main>
  );
}
