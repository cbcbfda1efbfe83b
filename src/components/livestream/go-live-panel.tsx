"use client";
// The studio panel of a room: set up and start a broadcast, then follow and end it.
import { useLivestream } from "@/hooks/use-livestream";
import { LivestreamView } from "./livestream-view";
import { ErrorNotice } from "./error-notice";
import { GoLiveForm } from "./go-live-form";
import type { PrivateWatchers } from "./private-audience";

export function GoLivePanel({ roomName, privateWatchers }: { roomName: string; privateWatchers: PrivateWatchers }) {
  const live = useLivestream(roomName);
  const here = `/rooms/${encodeURIComponent(roomName)}`;
  return (
    <section className="card panel" aria-labelledby="panel-heading">
      <h2 id="panel-heading" className="panel-heading">
        {live.broadcast ? "Broadcast" : "Go live"}
      </h2>
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
          onReset={live.reset}
          privateWatchers={privateWatchers}
        />
      ) : (
        <GoLiveForm roomName={roomName} starting={live.pending === "starting"} onGoLive={live.goLive} privateWatchers={privateWatchers} />
      )}
    </section>
  );
}
