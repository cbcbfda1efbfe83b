"use client";
// The smallest embeddable control: one button that takes a room live and ends it, with the studio
// panel's hook and error sentences (docs/ui.md, "Embedding: server actions, hook, components").
import { useEffect } from "react";
import { useLivestream } from "../hooks/use-livestream";
import { explainError } from "./explain-error";
import { isLive as isLiveStatus, type LivestreamStatusResult } from "../../contract/client";

type Props = {
  roomName: string;
  latencyMode?: "standard" | "low";
  onChange?: (livestream: LivestreamStatusResult | null) => void;
};

export function GoLiveButton({ roomName, latencyMode = "standard", onChange }: Props) {
  const live = useLivestream(roomName);
  const state = live.broadcast?.status;
  const isLive = state !== undefined && isLiveStatus(state);
  useEffect(() => onChange?.(live.broadcast), [live.broadcast, onChange]);

  const busy = live.pending !== null || state === "stopping";
  const label = live.pending === "starting" ? "Going live…" : live.pending === "stopping" || state === "stopping" ? "Ending…" : isLive ? "End stream" : "Go live";
  return (
    <span className="golive go-live-button">
      <button
        type="button"
        className={isLive ? "danger" : undefined}
        disabled={busy}
        aria-busy={busy}
        onClick={() => {
          if (!isLive) void live.goLive({ latencyMode });
          else if (window.confirm("End the broadcast? Viewers will see the stream end.")) void live.end();
        }}
      >
        {label}
      </button>
      {live.error && live.errorAction && (
        <span className="field-error" role="alert">
          {explainError(live.error, live.errorAction).title}
        </span>
      )}
    </span>
  );
}
