"use client";
// Which room view to show; the LiveKit UI loads only when used, so sandbox pages never start a
// WebRTC client (docs/ui.md, "Pages").
import dynamic from "next/dynamic";
import { SandboxStage } from "@/components/room/sandbox-stage";

const LivekitStage = dynamic(() => import("@/components/room/livekit-stage"), {
  ssr: false,
  loading: () => <p className="muted stage">Loading the room…</p>,
});

/** `publish`: whether your role may send camera and microphone (viewers only watch). */
export function RoomStage({ roomName, sandbox, publish }: { roomName: string; sandbox: boolean; publish: boolean }) {
  return sandbox ? <SandboxStage roomName={roomName} publish={publish} /> : <LivekitStage roomName={roomName} publish={publish} />;
}
