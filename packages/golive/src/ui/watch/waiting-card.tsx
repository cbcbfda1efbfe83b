"use client";
// The watch page before its broadcast is live (MUX has no media yet, so its playback would answer
// 412): a calm card, not an error, that the page turns into the player by itself (docs/ui.md, "Pages";
// tests/e2e/playback.test.ts).
import { RefreshWhile } from "./refresh-while";

/** How often the waiting page asks again: MUX reports media within seconds of the egress starting. */
export const WAITING_REFRESH_MS = 3_000;

export function WaitingCard({ title }: { title: string }) {
  return (
    <section className="golive waiting-card" role="status" aria-label="Waiting for the broadcast">
      <RefreshWhile active everyMs={WAITING_REFRESH_MS} />
      <span className="waiting-dot" aria-hidden="true" />
      <p className="waiting-lead">This broadcast hasn&apos;t started yet</p>
      <p className="waiting-title">{title}</p>
      <p className="waiting-hint">It will start here by itself.</p>
    </section>
  );
}
