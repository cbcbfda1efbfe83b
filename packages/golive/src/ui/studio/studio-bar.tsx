"use client";
// The studio bar: the broadcast's state, title, elapsed time and viewers, and its one Go live / End
// stream button, fixed to the window's bottom edge so they are in reach at any scroll, on a phone
// as at a desk (docs/ui.md, "The studio bar"; tests/e2e/studio.test.ts measures it).
import type { ReactNode } from "react";
import type { LivestreamStatus } from "../../contract/client";
import { badges } from "../livestream/badges";
import { formatDuration, speakDuration } from "../livestream/format";

type Props = {
  /** null before a broadcast exists */
  status: LivestreamStatus | null;
  title: string;
  /** seconds, or null when there is nothing to time */
  elapsed: number | null;
  /** null when unknown or not live */
  viewers: number | null;
  /** the bar's button (and its progress), owned by the form or view it belongs to */
  children: ReactNode;
};

export function StudioBar({ status, title, elapsed, viewers, children }: Props) {
  const badge = badges[status ?? "idle"];
  return (
    <div className="golive studio-bar" role="region" aria-label="Broadcast controls">
      <span className={`badge ${badge.className}`}>{badge.text}</span>
      <span className="studio-bar-title" title={title}>
        {title}
      </span>
      {elapsed !== null && (
        <span className="studio-bar-stat">
          <span aria-hidden="true">{formatDuration(elapsed)}</span>
          <span className="visually-hidden">{speakDuration(elapsed)} elapsed</span>
        </span>
      )}
      {viewers !== null && (
        <span className="studio-bar-stat">
          {viewers} {viewers === 1 ? "viewer" : "viewers"}
        </span>
      )}
      <span className="studio-bar-action">{children}</span>
    </div>
  );
}
