"use client";
// A member who isn't a host: where they stand — on air, backstage, or waiting for the room to go
// live (docs/ui.md, "The guest's view"). Live comes from GET /api/rooms/live (every member may
// read it, nothing but live / not live); on stage from the participants the program preview sees
// (studio-state.tsx), or GET /api/rooms/stage outside a StudioStateProvider.
import { useEffect, useState } from "react";
import { roomLiveResultSchema, stageResultSchema, type RoomRole } from "../../contract/client";
import { useStudioState } from "./studio-state";

/** How often the cue asks whether the room is live: like the studio panel's status poll, at most once every 3 s. */
export const GUEST_POLL_MS = 3_000;

type Where = { live: boolean | null; onStage: boolean | null };

/** The cue's words for where a member stands; pure, so every state is named once. */
export function guestCue(role: Exclude<RoomRole, "host">, where: Where): { tone: "on-air" | "backstage" | "waiting"; title: string; detail: string } | null {
  if (where.live === null || (role === "guest" && where.onStage === null)) return null;
  if (role === "viewer") {
    return where.live
      ? { tone: "backstage", title: "Live — you're watching", detail: "Viewers watch only: you are not on air." }
      : { tone: "waiting", title: "Not live yet", detail: "Viewers watch only: you won't be on air when it starts." };
  }
  if (where.live) {
    return where.onStage
      ? { tone: "on-air", title: "You're live", detail: "Viewers see and hear you." }
      : { tone: "backstage", title: "Backstage — not on air", detail: "A host can bring you on stage." };
  }
  return {
    tone: "waiting",
    title: "Not live yet",
    detail: where.onStage
      ? "You're on stage: when a host takes the room live, viewers will see and hear you."
      : "You're backstage: when a host takes the room live, viewers won't see you until a host brings you on stage.",
  };
}

/** Polls `path` while the tab is visible, parsing each answer; null until the first good one. */
function usePolled<T>(path: string | null, parse: (body: unknown) => T | null): T | null {
  const [value, setValue] = useState<T | null>(null);
  useEffect(() => {
    if (!path) return;
    let cancelled = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const read = async () => {
      if (document.visibilityState !== "hidden") {
        const body: unknown = await fetch(path, { cache: "no-store" })
          .then((r) => (r.ok ? r.json() : null))
          .catch(() => null);
        const parsed = parse(body);
        if (!cancelled && parsed !== null) setValue(parsed);
      }
      if (!cancelled) timer = setTimeout(() => void read(), GUEST_POLL_MS);
    };
    void read();
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [path, parse]);
  return value;
}

const parseLive = (body: unknown) => roomLiveResultSchema.safeParse(body).data?.live ?? null;
const parseStage = (body: unknown) => stageResultSchema.safeParse(body).data?.participants ?? null;

/** `identity`: the member's LiveKit identity (their user id); `role`: guest or viewer. */
export function GuestStudio({ roomName, identity, role }: { roomName: string; identity: string; role: Exclude<RoomRole, "host"> }) {
  const studio = useStudioState();
  const live = usePolled(`/api/rooms/live?${new URLSearchParams({ room: roomName })}`, parseLive);
  const polledStage = usePolled(studio ? null : `/api/rooms/stage?${new URLSearchParams({ room: roomName })}`, parseStage);
  const participants = studio ? (studio.known ? studio.participants : null) : polledStage;
  // Not in the room (left it, or not joined yet) is not on stage.
  const onStage = participants === null ? null : participants.some((p) => p.identity === identity && p.onStage);
  const cue = guestCue(role, { live, onStage });
  return (
    <section className={`golive card guest-studio${cue ? ` ${cue.tone}` : ""}`} aria-labelledby="guest-studio-heading">
      <h2 id="guest-studio-heading" className="visually-hidden">
        On air
      </h2>
      <div role="status" className="guest-cue">
        {cue ? (
          <>
            <p className="guest-cue-title">
              {cue.tone === "on-air" && <span className="guest-cue-dot" aria-hidden="true" />}
              {cue.title}
            </p>
            <p className="guest-cue-detail">{cue.detail}</p>
          </>
        ) : (
          <p className="muted">Looking at the room…</p>
        )}
      </div>
      <p className="muted hint">Only the room&apos;s hosts can take it live or choose who is on stage.</p>
    </section>
  );
}
