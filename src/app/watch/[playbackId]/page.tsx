import type { Metadata } from "next";
import Link from "next/link";
import { RefreshWhile } from "@/components/watch/refresh-while";
import { WatchPlayer } from "@/components/watch/watch-player";
import { playbackUrls } from "@/lib/video/playback-urls";
import { findWatchTarget } from "./find-broadcast";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Watch · golive" };

type Params = { params: Promise<{ playbackId: string }> };

// MUX playback ids are URL-safe letters and digits; anything else can't be one.
const PLAYBACK_ID = /^[A-Za-z0-9]{1,128}$/;

export default async function WatchPage({ params }: Params) {
  const { playbackId } = await params;
  const player = playbackUrls().player(playbackId);
  const target = PLAYBACK_ID.test(playbackId) ? await findWatchTarget(playbackId) : null;

  if (!target) {
    return (
      <main className="narrow">
        <h1>Nothing to watch here</h1>
        <div className="card state-panel">
          <p>There is no broadcast or recording with this link. Check the link you were given, or ask the host for a new one.</p>
        </div>
      </main>
    );
  }

  if (target.kind === "recording") {
    return (
      <main className="wide watch">
        <h1>
          Recording of <span className="room-title">{target.roomName}</span>
        </h1>
        <WatchPlayer source={player} live={false} title={`Recording of ${target.roomName}`} />
      </main>
    );
  }

  const { status, roomName, vodPlaybackId } = target;
  const waiting = status === "idle" || status === "starting";
  return (
    <main className="wide watch">
      <RefreshWhile active={waiting || status === "active" || status === "stopping"} />
      <h1>
        {status === "active" && (
          <span className="badge live" aria-hidden="true">
            LIVE
          </span>
        )}{" "}
        <span className="room-title">{roomName}</span>
        {status === "active" && <span className="visually-hidden"> is live</span>}
      </h1>
      {/* Only once MUX has media: before that its playback answers 412 and the player would show an error. */}
      {status === "active" && <WatchPlayer source={player} live title={roomName} />}
      {waiting && (
        <div className="card state-panel" role="status">
          <p className="placeholder-title">Not live yet</p>
          <p>The broadcast is starting. This page updates by itself when it goes live.</p>
        </div>
      )}
      {(status === "stopping" || status === "completed") && (
        <div className="card state-panel" role="status">
          <p className="placeholder-title">This stream has ended</p>
          {vodPlaybackId ? (
            <p>
              <Link href={`/watch/${encodeURIComponent(vodPlaybackId)}`}>Watch the recording</Link>
            </p>
          ) : (
            <p>Thanks for watching. A recording may appear later.</p>
          )}
        </div>
      )}
      {status === "failed" && (
        <div className="card state-panel" role="status">
          <p className="placeholder-title">This stream ended unexpectedly</p>
          <p>The host&apos;s broadcast stopped. They may start a new one; ask them for the new link.</p>
        </div>
      )}
    </main>
  );
}
