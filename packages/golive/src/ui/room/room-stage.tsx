"use client";
// Which room view to show; the LiveKit UI loads only when used, so sandbox pages never start a
// WebRTC client (docs/ui.md, "Pages").
import dynamic from "next/dynamic";
import { SandboxProgram } from "../studio/program-preview";
import { SandboxStage } from "./sandbox-stage";

const LivekitStage = dynamic(() => import("./livekit-stage"), {
  ssr: false,
  loading: () => <p className="golive muted stage">Loading the room…</p>,
});

/**
 * `publish`: whether your role may send camera and microphone (viewers only watch).
 * `sandboxPresencePath`: in sandbox mode, the host's presence route (the sandbox's room is joined
 * through the host, which holds the sandbox's address); without it, the LiveKit room.
 * `program`: the program preview above the room (docs/ui.md, "Program preview").
 */
export function RoomStage({ roomName, publish, sandboxPresencePath, program = false }: { roomName: string; publish: boolean; sandboxPresencePath?: string; program?: boolean }) {
  return sandboxPresencePath ? (
    <>
      {program && <SandboxProgram roomName={roomName} />}
      <SandboxStage roomName={roomName} publish={publish} presencePath={sandboxPresencePath} />
    </>
  ) : (
    <LivekitStage roomName={roomName} publish={publish} program={program} />
  );
}
