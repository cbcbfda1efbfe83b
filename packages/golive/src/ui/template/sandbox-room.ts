"use client";
// The sandbox's room as a template sees it, polled (the sandbox has no signal connection to push
// changes): its show, the egress's layout and the participants with their stage attribute
// (docs/ui.md, "The sandbox (`LIVESTREAM_SANDBOX=1`)"; packages/sandbox/src/livekit/template-room.ts).
import { useEffect, useState } from "react";
import { z } from "zod";
import { isOnStage, parseShow, type Show } from "../../contract/client";
import type { ProgramParticipant } from "./program";
import { httpOrigin } from "./template-params";

const POLL_MS = 1000;

const roomSchema = z.object({
  room: z.object({ name: z.string(), metadata: z.string() }),
  layout: z.string(),
  participants: z.array(z.object({ identity: z.string(), name: z.string(), attributes: z.record(z.string(), z.string()) })),
});

export type SandboxRoomView =
  | { state: "loading" }
  | { state: "ready"; show: Show; layout: string; participants: ProgramParticipant[] }
  | { state: "error"; message: string };

const ask = (url: string, token: string, path: string, init?: RequestInit) => fetch(`${httpOrigin(url)}/sandbox-rtc/${path}?access_token=${encodeURIComponent(token)}`, { cache: "no-store", ...init });

/** The room of `token` on the sandbox at `url`, renewed every second; null token: not yet known. */
export function useSandboxRoom(url: string | null, token: string | null): SandboxRoomView {
  const [view, setView] = useState<SandboxRoomView>({ state: "loading" });
  useEffect(() => {
    if (!url || !token) return;
    let stopped = false;
    const poll = async () => {
      try {
        const response = await ask(url, token, "room");
        const parsed = roomSchema.safeParse(await response.json().catch(() => null));
        if (stopped) return;
        if (!response.ok || !parsed.success) {
          setView({ state: "error", message: response.status === 404 ? "The room is closed: nobody is in it." : "The sandbox did not answer with the room." });
        } else {
          const { room, layout, participants } = parsed.data;
          setView({
            state: "ready",
            show: parseShow(room.metadata),
            layout,
            participants: participants.map((p) => ({ identity: p.identity, name: p.name, onStage: isOnStage(p.attributes) })),
          });
        }
      } catch {
        if (!stopped) setView({ state: "error", message: "Could not reach the sandbox." });
      }
    };
    void poll();
    const timer = setInterval(() => void poll(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [url, token]);
  return view;
}

/** The template's START_RECORDING in sandbox mode; resolves whether the sandbox took it. */
export async function signalSandboxReady(url: string, token: string): Promise<boolean> {
  const response = await ask(url, token, "start-recording", { method: "POST" }).catch(() => null);
  return response?.ok ?? false;
}
