"use client";
// The composite template against the sandbox, which has no WebRTC server: the room comes from the
// sandbox's template view, each participant a test pattern, and START_RECORDING is a call to it
// (docs/ui.md, "The composite template"; packages/sandbox/src/livekit/template-room.ts).
import { useEffect, useRef, useState } from "react";
import { useNow } from "../hooks/use-now";
import { Program } from "./program";
import { signalSandboxReady, useSandboxRoom } from "./sandbox-room";
import { layoutOr, readTemplateParams, type TemplateParams } from "./template-params";
import { TemplateProblem } from "./template-problem";

export function SandboxTemplate() {
  const [params, setParams] = useState<ReturnType<typeof readTemplateParams> | null>(null);
  // The query is the browser's: read after mount, so the server's render and the first client one agree.
  useEffect(() => setParams(readTemplateParams(window.location.search)), []);
  if (!params) return null;
  if (!params.ok) return <TemplateProblem problem={params.problem} />;
  return <SandboxProgram params={params.params} />;
}

function SandboxProgram({ params }: { params: TemplateParams }) {
  const room = useSandboxRoom(params.url, params.token);
  const now = new Date(useNow());
  const signalled = useRef(false);
  const ready = room.state === "ready";
  useEffect(() => {
    // The first frame is on screen once React has committed it: signal after the next paint.
    if (!ready || signalled.current) return;
    signalled.current = true;
    requestAnimationFrame(() => void signalSandboxReady(params.url, params.token));
  }, [ready, params.url, params.token]);
  if (room.state === "loading") return null;
  if (room.state === "error") return <TemplateProblem problem={room.message} />;
  // UpdateLayout reaches the page as the egress's layout; before any, the one in the URL.
  const layout = layoutOr(room.layout, params.layout);
  return (
    <div className="golive program-page" data-ready={ready ? "true" : "false"}>
      <Program show={room.show} layout={layout} participants={room.participants} now={now} />
    </div>
  );
}
