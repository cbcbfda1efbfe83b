// The watch page of a playback id: live or recorded, public or under the watch rule
// (docs/ui.md, "Pages"; docs/architecture.md, "Private broadcasts").
import type { Metadata } from "next";
import Link from "next/link";
import { cache, Suspense } from "react";
import { RefreshWhile, RenewingPlayer, WaitingCard, WatchPlayer } from "@golive/next/ui";
import { playbackUrls, watchAccess } from "@golive/next/watch";
import { MAX_SHARE_TOKEN_LENGTH, PLAYBACK_ID } from "@golive/next/contract";
import { golive } from "../../../lib/golive";

type Params = { params: Promise<{ playbackId: string }>; searchParams: Promise<{ share?: string | string[] }> };

/**
 * The viewer's access to the playback id, read once per request for the page and its
 * metadata: who may watch is watch/policy.ts's rule, and a private broadcast's player gets
 * tokens only when it says yes.
 */
const accessFor = cache(async (playbackId: string, shareToken: string | null) => {
  const user = await golive.sessionUser();
  const access = PLAYBACK_ID.test(playbackId) ? await watchAccess(playbackId, { userId: user?.id ?? null, shareToken }) : null;
  return { user, access };
});

async function requestOf({ params, searchParams }: Params) {
  const { playbackId } = await params;
  const { share } = await searchParams;
  const shareToken = typeof share === "string" && share.length <= MAX_SHARE_TOKEN_LENGTH ? share : null;
  return { playbackId, shareToken, ...(await accessFor(playbackId, shareToken)) };
}

// The broadcast's title names the tab, only for who may watch it (a refused viewer sees the room, as on the page).
export async function generateMetadata(props: Params): Promise<Metadata> {
  const { access } = await requestOf(props);
  const title = access && access.grant.kind !== "refused" ? access.target.title : null;
  if (!title) return { title: "Watch · golive" };
  return { title: access?.target.kind === "recording" ? `Recording of ${title} · golive` : `${title} · golive` };
}

// No segment `dynamic`: the URL, the share token and the session are read under <Suspense>, as
// `cacheComponents` asks (docs/ui.md, "Pages").
export default function WatchPage(props: Params) {
  return (
    <Suspense fallback={<main className="wide watch"><p className="muted">Loading the broadcast…</p></main>}>
      <Watch {...props} />
    </Suspense>
  );
}

async function Watch(props: Params) {
  const { playbackId, shareToken, user, access } = await requestOf(props);

  if (!access) {
    return (
      <main className="narrow">
        <h1>Nothing to watch here</h1>
        <div className="card state-panel">
          <p>There is no broadcast or recording with this link. Check the link you were given, or ask the host for a new one.</p>
        </div>
      </main>
    );
  }

  const { target, grant } = access;
  if (grant.kind === "refused") return <PrivateBroadcast roomName={target.roomName} playbackId={playbackId} hadShareLink={shareToken !== null} signedIn={user !== null} />;
  const player = playbackUrls().player(playbackId, grant.kind === "signed" ? grant.tokens : undefined);
  // A private broadcast's tokens last minutes: its player renews them while the rule allows.
  const playerFor = (live: boolean, title: string) =>
    grant.kind === "signed" ? (
      <RenewingPlayer key={playbackId} playbackId={playbackId} share={shareToken} source={player} expiresAt={grant.expiresAt.toISOString()} live={live} title={title} />
    ) : (
      <WatchPlayer source={player} live={live} title={title} />
    );
  // A share link lets its holder on to the recording too: keep it on the way there.
  const onward = shareToken ? `?share=${encodeURIComponent(shareToken)}` : "";

  // The broadcast's own title when it has one, else its room's name; the room is said under a title.
  const name = target.title ?? target.roomName;
  const room = target.title ? (
    <p className="watch-room muted">
      In room <span className="room-title">{target.roomName}</span>
    </p>
  ) : null;
  const description = target.description ? <p className="broadcast-description">{target.description}</p> : null;

  if (target.kind === "recording") {
    return (
      <main className="wide watch">
        <h1>
          Recording of <span className="room-title">{name}</span>
        </h1>
        {room}
        {playerFor(false, `Recording of ${name}`)}
        {description}
      </main>
    );
  }

  const { status, vodPlaybackId } = target;
  const waiting = status === "idle" || status === "starting";
  return (
    <main className="wide watch">
      {/* The waiting card asks again itself, sooner. */}
      <RefreshWhile active={status === "active" || status === "stopping"} />
      <h1>
        {status === "active" && (
          <span className="badge live" aria-hidden="true">
            LIVE
          </span>
        )}{" "}
        <span className="room-title">{name}</span>
        {status === "active" && <span className="visually-hidden"> is live</span>}
      </h1>
      {room}
      {/* Only once MUX has media: before that its playback answers 412 and the player would show an error. */}
      {status === "active" && playerFor(true, name)}
      {waiting && <WaitingCard title={name} />}
      {(status === "stopping" || status === "completed") && (
        <div className="card state-panel" role="status">
          <p className="placeholder-title">This stream has ended</p>
          {vodPlaybackId ? (
            <p>
              <Link href={`/watch/${encodeURIComponent(vodPlaybackId)}${onward}`}>Watch the recording</Link>
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
      {description}
    </main>
  );
}

/** A private broadcast this viewer may not watch: what it is and what to do, never a broken player. */
function PrivateBroadcast({ roomName, playbackId, hadShareLink, signedIn }: { roomName: string; playbackId: string; hadShareLink: boolean; signedIn: boolean }) {
  return (
    <main className="narrow">
      <h1>
        <span className="room-title">{roomName}</span> is private
      </h1>
      <div className="card state-panel" role="status">
        {hadShareLink ? (
          <p>This share link doesn&apos;t work any more: it has expired or the host revoked it. Ask the host for a new one.</p>
        ) : signedIn ? (
          <p>Only members of this room and people with a share link can watch this broadcast. Ask the host to invite you, or to send you a share link.</p>
        ) : (
          <p>Only people the host invited can watch this broadcast. Sign in, or open the share link the host sent you.</p>
        )}
        {!signedIn && (
          <p>
            <Link className="button-link secondary" href={golive.signInHref(`/watch/${playbackId}`)}>
              Sign in
            </Link>
          </p>
        )}
      </div>
    </main>
  );
}
