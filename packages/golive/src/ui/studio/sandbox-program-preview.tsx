"use client";
// The program preview against the sandbox: the template's own program, drawn from the sandbox's
// room with this user's join token, as the egress's page would draw it (docs/ui.md, "Program preview").
import { useEffect, useState } from "react";
import { z } from "zod";
import { layoutOr } from "../template/template-params";
import { useNow } from "../hooks/use-now";
import { Program } from "../template/program";
import { useSandboxRoom } from "../template/sandbox-room";
import { useStudioState } from "./studio-state";

const tokenSchema = z.object({ token: z.string(), serverUrl: z.string() });

export function SandboxProgramPreview({ roomName }: { roomName: string }) {
  const [join, setJoin] = useState<{ token: string; serverUrl: string } | null>(null);
  useEffect(() => {
    let cancelled = false;
    fetch(`/api/livekit/token?room=${encodeURIComponent(roomName)}`, { cache: "no-store" })
      .then(async (r) => tokenSchema.parse(await r.json()))
      .then((t) => !cancelled && setJoin(t))
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [roomName]);
  const room = useSandboxRoom(join?.serverUrl ?? null, join?.token ?? null);
  const studio = useStudioState();
  const observe = studio?.observe;
  const now = new Date(useNow());
  useEffect(() => {
    if (room.state === "ready") observe?.({ show: room.show, participants: room.participants });
  }, [room, observe]);
  // A control's change is drawn at once, before the next poll confirms it.
  const show = studio?.known ? studio.show : room.state === "ready" ? room.show : null;
  if (room.state !== "ready" || !show) return <ProgramPlaceholder text={room.state === "error" ? room.message : "Loading the program…"} />;
  return <Program show={show} layout={layoutOr(show.layout)} participants={studio?.participants ?? room.participants} now={now} />;
}

export function ProgramPlaceholder({ text }: { text: string }) {
  return (
    <div className="golive program program-placeholder" style={{ background: "#000" }}>
      <p className="program-empty-note">{text}</p>
    </div>
  );
}
