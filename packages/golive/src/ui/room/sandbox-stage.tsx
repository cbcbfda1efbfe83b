"use client";
// The room in sandbox mode: a local preview plus membership of the emulated LiveKit room, which
// going live needs (docs/ui.md, "The sandbox (`LIVESTREAM_SANDBOX=1`)").
import { useSandboxPresence } from "../hooks/use-sandbox-presence";
import { LocalPreview } from "./local-preview";

const presenceText = {
  joining: "Joining the sandbox room…",
  "in-room": "You are in the room (sandbox participant).",
  leaving: "Leaving the room…",
  left: "You left the room. Join it again to go live, or to keep a live broadcast from ending.",
  error: "Could not reach the sandbox to update your presence. Is the dev server still running?",
} as const;

export function SandboxStage({ roomName, publish, presencePath }: { roomName: string; publish: boolean; presencePath: string }) {
  const { presence, join, leave } = useSandboxPresence(roomName, presencePath);
  const inRoom = presence === "in-room" || presence === "joining";
  return (
    <section className="golive stage" aria-labelledby="stage-heading">
      <h2 id="stage-heading" className="visually-hidden">
        Room
      </h2>
      <p className="banner" role="note">
        <strong>Sandbox.</strong> LiveKit and MUX are local emulators: your camera stays in this browser and nothing is broadcast anywhere.
      </p>
      {/* Out of the room, the camera is released (unmounting the preview stops its tracks). */}
      {!publish ? (
        <p className="muted preview-placeholder">You are a viewer here: you watch, your camera stays off.</p>
      ) : presence === "left" ? (
        <p className="muted preview-placeholder">Your camera is off while you are out of the room.</p>
      ) : (
        <LocalPreview label={roomName} />
      )}
      <div className="presence">
        <p role="status">{presenceText[presence]}</p>
        <button type="button" className="secondary small" onClick={() => void (inRoom ? leave() : join())} disabled={presence === "joining" || presence === "leaving"}>
          {inRoom ? "Leave the room" : "Join the room"}
        </button>
      </div>
    </section>
  );
}
