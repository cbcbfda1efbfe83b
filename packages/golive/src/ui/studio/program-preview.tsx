"use client";
// The program preview: what the egress composes, above the studio's own view of the room
// (docs/ui.md, "Program preview"). With real LiveKit it is drawn inside the room's connection
// (room/livekit-stage.tsx); against the sandbox from the sandbox's room.
import type { ReactNode } from "react";
import { SandboxProgramPreview } from "./sandbox-program-preview";

export function ProgramFrame({ children }: { children: ReactNode }) {
  return (
    <figure className="golive program-preview" aria-labelledby="program-heading">
      <figcaption id="program-heading" className="program-preview-caption">
        <strong>Program</strong> <span className="muted">what viewers see (before you go live, a rehearsal)</span>
      </figcaption>
      {children}
    </figure>
  );
}

export function SandboxProgram({ roomName }: { roomName: string }) {
  return (
    <ProgramFrame>
      <SandboxProgramPreview roomName={roomName} />
    </ProgramFrame>
  );
}
