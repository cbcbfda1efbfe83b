"use client";
// The studio panel of a room: set up, start, follow and end a broadcast, the owner's view of another
// host's included (docs/ui.md, "The studio panel").
import { useRouter } from "next/navigation";
import { type ReactNode, useEffect, useState } from "react";
import { useGoliveActions } from "../actions";
import { useLivestream } from "../hooks/use-livestream";
import { LivestreamView } from "./livestream-view";
import { ErrorNotice } from "./error-notice";
import { GoLiveForm } from "./go-live-form";
import type { PrivateWatchers } from "./private-audience";

/** `startedBy`: for the owner, the names of other hosts by the id of their live broadcast (as the page last saw them). */
export function GoLivePanel({
  roomName,
  privateWatchers,
  startedBy = {},
}: {
  roomName: string;
  privateWatchers: PrivateWatchers;
  startedBy?: Readonly<Record<string, string>>;
}) {
  const live = useLivestream(roomName);
  const { myRoleIn } = useGoliveActions();
  const router = useRouter();
  const here = `/rooms/${encodeURIComponent(roomName)}`;
  const [removed, setRemoved] = useState(false);
  const lost = live.error?.code === "not_found" && live.errorAction === "status";
  useEffect(() => {
    if (!lost) return;
    let cancelled = false;
    void myRoleIn(roomName)
      .then((result) => {
        if (cancelled || !result.ok || result.data !== null) return;
        setRemoved(true);
        // The whole page says so (the room page's "no longer in this room"), stage included.
        router.refresh();
      })
      .catch(() => {});
    return () => {
      cancelled = true;
    };
  }, [lost, roomName, router, myRoleIn]);

  if (removed) {
    return (
      <PanelCard title="Broadcast">
        <div className="notice error-notice" role="alert">
          <p>You are no longer in this room: its owner removed you, and any broadcast you had here has ended.</p>
          <p>To come back, ask the owner for a new invite link.</p>
        </div>
      </PanelCard>
    );
  }
  return (
    <PanelCard title={live.broadcast ? "Broadcast" : "Go live"}>
      {live.error && live.errorAction && (
        <ErrorNotice error={live.error} action={live.errorAction} signInNext={here}>
          {live.error.code === "conflict" && live.errorAction === "start" && (
            <button type="button" className="secondary small" onClick={() => void live.rediscover()}>
              Show my broadcast in this room
            </button>
          )}
        </ErrorNotice>
      )}
      {live.pending === "discovering" ? (
        <p className="muted" role="status">
          Checking whether this room is live…
        </p>
      ) : live.broadcast ? (
        <LivestreamView
          livestream={live.broadcast}
          fetchedAt={live.fetchedAt}
          stopping={live.pending === "stopping"}
          changing={live.pending === "changing"}
          stale={live.stale}
          onEnd={live.end}
          onChange={live.change}
          onRetry={live.retry}
          onReset={live.reset}
          privateWatchers={privateWatchers}
          startedBy={startedBy[live.broadcast.livestreamId]}
        />
      ) : (
        <GoLiveForm roomName={roomName} starting={live.pending === "starting"} onGoLive={live.goLive} privateWatchers={privateWatchers} />
      )}
    </PanelCard>
  );
}

function PanelCard({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section className="golive card panel" aria-labelledby="panel-heading">
      <h2 id="panel-heading" className="panel-heading">
        {title}
      </h2>
      {children}
    </section>
  );
}
