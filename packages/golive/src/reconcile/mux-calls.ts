import "server-only";
// Reconcile's MUX requests, each paced by the run's one pacer (docs/architecture.md,
// "Reconcile at fleet scale": every MUX request of a run is paced).
import { completeLiveStream, deleteLiveStream } from "../upstream";
import type { ReconcileReport, Run } from "./run";

/** Spaces calls at least 1/perSecond apart (the SDK's own retries of one call not counted). */
export function pacer(perSecond: number): () => Promise<void> {
  const gapMs = 1000 / perSecond;
  let next = 0;
  return async () => {
    const now = Date.now();
    const at = Math.max(now, next);
    next = at + gapMs;
    if (at > now) await new Promise((resolve) => setTimeout(resolve, at - now));
  };
}

export async function completeMux(muxLiveStreamId: string | null, run: Run): Promise<void> {
  if (!muxLiveStreamId) return;
  await run.mux();
  await completeLiveStream(muxLiveStreamId);
}

export async function deleteMux(muxLiveStreamId: string, mux: () => Promise<void>, report: ReconcileReport): Promise<void> {
  await mux();
  if (await deleteLiveStream(muxLiveStreamId)) report.muxStreamsDeleted.push(muxLiveStreamId);
}
