"use client";
// Which room view to show. The LiveKit UI is loaded only when it is used, so sandbox pages
// (and tests) never download or start a WebRTC client.
import dynamic from "next/dynamic";
import { SandboxStage } from "@/components/room/sandbox-stage";

const LivekitStage = dynamic(() => import("@/components/room/livekit-stage"), {
  ssr: false,
  loading: () => <p className="muted stage">Loading the room…</p>,
});

export function RoomStage({ roomName, sandbox }: { roomName: string; sandbox: boolean }) {
  return sandbox ? <SandboxStage roomName={roomName} /> : <LivekitStage roomName={roomName} />;
}
