import "server-only";
// Viewer counts and ingest health from MUX's stats API: one claim per stream per
// VIEWER_COUNT_TTL_MS across instances, then both calls (docs/architecture.md, invariant 6 and
// "Stream health"; tests/integration/viewer-counts.test.ts, tests/integration/stream-health.test.ts).
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { getDb, type Livestream, livestreams, type StoredIngestHealth } from "../db";
import { muxViewerCountConfig } from "../config";
import { readIngestHealth, readViewerCount, logUpstream } from "../upstream";

export const VIEWER_COUNT_TTL_MS = 15_000;
export const viewerCountsAvailable = () => muxViewerCountConfig() !== null;

/**
 * The row with a fresh viewer count and ingest health when they were due and MUX answered;
 * otherwise as it was. Either call failing keeps that one's last value.
 */
export async function withFreshMuxStats(row: Livestream, now = new Date()): Promise<Livestream> {
  const config = muxViewerCountConfig();
  if (!config || row.status !== "active" || !row.muxLiveStreamId) return row;
  if (row.viewersCheckedAt && now.getTime() - row.viewersCheckedAt.getTime() < VIEWER_COUNT_TTL_MS) return row;

  const db = await getDb();
  const due = new Date(now.getTime() - VIEWER_COUNT_TTL_MS);
  const [claimed] = await db
    .update(livestreams)
    .set({ viewersCheckedAt: now })
    .where(and(eq(livestreams.id, row.id), or(isNull(livestreams.viewersCheckedAt), lt(livestreams.viewersCheckedAt, due))))
    .returning({ id: livestreams.id });
  if (!claimed) return row; // another request is asking MUX right now, or just did

  const streamId = row.muxLiveStreamId;
  const [viewers, health] = await Promise.allSettled([readViewerCount(streamId, config), readIngestHealth(streamId, config)]);
  // Keep the last value of what failed; the next poll after the TTL tries again.
  if (viewers.status === "rejected") logUpstream("MUX stats", `could not read viewers of ${streamId}`, viewers.reason);
  if (health.status === "rejected") logUpstream("MUX stats", `could not read the ingest health of ${streamId}`, health.reason);
  const ingestHealth: StoredIngestHealth | undefined = health.status === "fulfilled" ? { ...health.value, checkedAt: now.toISOString() } : undefined;
  const changes = {
    ...(viewers.status === "fulfilled" ? { viewerCount: viewers.value } : {}),
    ...(ingestHealth ? { ingestHealth } : {}),
  };
  if (Object.keys(changes).length === 0) return { ...row, viewersCheckedAt: now };
  const [updated] = await db.update(livestreams).set(changes).where(eq(livestreams.id, row.id)).returning();
  return updated ?? { ...row, viewersCheckedAt: now };
}
