import "server-only";
// Viewer counts from MUX's stats API, at most one call per stream per VIEWER_COUNT_TTL_MS across
// instances (docs/architecture.md, invariant 6; tests/integration/viewer-counts.test.ts).
import { and, eq, isNull, lt, or } from "drizzle-orm";
import { getDb, type Livestream, livestreams } from "../db";
import { muxViewerCountConfig } from "../config";
import { readViewerCount, logUpstream } from "../upstream";

export const VIEWER_COUNT_TTL_MS = 15_000;
export const viewerCountsAvailable = () => muxViewerCountConfig() !== null;

/** The row with a fresh viewer count when it was due and MUX answered; otherwise as it was. */
export async function withFreshViewerCount(row: Livestream, now = new Date()): Promise<Livestream> {
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

  try {
    const viewers = await readViewerCount(row.muxLiveStreamId, config);
    const [updated] = await db.update(livestreams).set({ viewerCount: viewers }).where(eq(livestreams.id, row.id)).returning();
    return updated ?? row;
  } catch (error) {
    // Keep the last count; the next poll after the TTL tries again.
    logUpstream("MUX stats", `could not read viewers of ${row.muxLiveStreamId}`, error);
    return { ...row, viewersCheckedAt: now };
  }
}
