"use client";
// The room with real LiveKit: a join token for this user and room, then LiveKit's conference UI.
// Being connected is what makes the room "have people in it" (docs/ui.md, "Pages").
import "../../contract/client";
import "@livekit/components-styles";
import { LiveKitRoom, VideoConference } from "@livekit/components-react";
import { useEffect, useState } from "react";
import { z } from "zod";
import { ProgramFrame } from "../studio/program-preview";
import { RoomProgram } from "../template/livekit-template";

const tokenSchema = z.object({ token: z.string(), serverUrl: z.string() });

type Connection = { state: "loading" } | { state: "ready"; token: string; serverUrl: string } | { state: "error"; message: string };

/** `program`: draw the program preview (the composite template's picture) inside this room's connection. */
export default function LivekitStage({ roomName, publish, program = false }: { roomName: string; publish: boolean; program?: boolean }) {
  const [connection, setConnection] = useState<Connection>({ state: "loading" });
  const [disconnected, setDisconnected] = useState(false);

  useEffect(() => {
    let cancelled = false;
    fetch(`/api/livekit/token?room=${encodeURIComponent(roomName)}`, { cache: "no-store" })
      .then(async (r) => {
        const body: unknown = await r.json().catch(() => null);
        if (!r.ok) {
          throw new Error(
            r.status === 401
              ? "Your session has ended: sign in again."
              : r.status === 404
                ? "This room belongs to someone else: ask its owner for an invite link."
                : "Could not connect to this room's video. Reload the page to try again.",
          );
        }
        return tokenSchema.parse(body);
      })
      .then((t) => !cancelled && setConnection({ state: "ready", ...t }))
      .catch((e: unknown) => !cancelled && setConnection({ state: "error", message: e instanceof Error ? e.message : String(e) }));
    return () => {
      cancelled = true;
    };
  }, [roomName]);

  if (connection.state === "loading") return <p className="golive muted stage">Connecting to the room…</p>;
  if (connection.state === "error") {
    return (
      <p className="golive notice error-notice stage" role="alert">
        {connection.message} Reload the page to try again.
      </p>
    );
  }
  return (
    <section className="golive stage livekit-stage" aria-label="Room" data-lk-theme="default">
      {disconnected ? (
        <p className="notice" role="status">
          You left the room. Reload the page to join again.
        </p>
      ) : (
        <LiveKitRoom serverUrl={connection.serverUrl} token={connection.token} connect video={publish} audio={publish} onDisconnected={() => setDisconnected(true)}>
          {program && (
            <ProgramFrame>
              <RoomProgram includeLocal />
            </ProgramFrame>
          )}
          <VideoConference />
        </LiveKitRoom>
      )}
    </section>
  );
}
