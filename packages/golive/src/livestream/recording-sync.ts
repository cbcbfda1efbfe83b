import "server-only";
// Reconcile's repair of recorded parts whose asset webhooks were lost (docs/architecture.md,
// "Recordings across reconnects").
import { and, desc, eq, gt, inArray, isNotNull, isNull, lt } from "drizzle-orm";
import { getDb, livestreamRecordings, livestreams } from "../db";
import { assetCreatedAt } from "./mux-events";
import { isMuxNotFound, recentAssetIds, retrieveAsset, logUpstream } from "../upstream";
import { recordAsset } from "./recordings";

/** Broadcasts whose parts are looked for per run. */
const ROWS_PER_RUN = 20;
/** How long after its end a broadcast's parts are still looked for. */
const WINDOW_MS = 24 * 60 * 60 * 1000;

/** Returns how many rows could not be synced (MUX trouble); the next run tries again. */
export async function syncRecordings(pace: () => Promise<void>, olderThanMs: number): Promise<number> {
  const db = await getDb();
  const now = Date.now();
  const rows = await db
    .select({ id: livestreams.id, muxLiveStreamId: livestreams.muxLiveStreamId })
    .from(livestreams)
    .where(
      and(
        inArray(livestreams.status, ["completed", "failed"]),
        isNotNull(livestreams.muxLiveStreamId),
        isNotNull(livestreams.startedAt),
        isNull(livestreams.recordingFinalAt),
        gt(livestreams.endedAt, new Date(now - WINDOW_MS)),
        // Unchanged for a while: the webhooks of a broadcast that just ended are still on their way.
        lt(livestreams.updatedAt, new Date(now - olderThanMs)),
      ),
    )
    .orderBy(desc(livestreams.endedAt))
    .limit(ROWS_PER_RUN);
  let errors = 0;
  for (const row of rows) {
    const liveStreamId = row.muxLiveStreamId;
    if (!liveStreamId) continue;
    try {
      await pace();
      const ids = await recentAssetIds(liveStreamId);
      const known = await db
        .select({ id: livestreamRecordings.muxAssetId })
        .from(livestreamRecordings)
        .where(and(eq(livestreamRecordings.livestreamId, row.id), isNotNull(livestreamRecordings.finalAt)));
      const final = new Set(known.map((k) => k.id));
      for (const assetId of ids.filter((id) => !final.has(id))) {
        await pace();
        const asset = await retrieveAsset(assetId);
        if (asset.live_stream_id !== liveStreamId) continue;
        await recordAsset({
          assetId: asset.id,
          liveStreamId,
          playbackId: asset.playback_ids?.[0]?.id ?? null,
          durationSeconds: asset.duration ?? null,
          createdAt: assetCreatedAt(asset.created_at),
          final: asset.status === "ready" && asset.is_live === false,
        });
      }
    } catch (error) {
      // The stream is gone (deleted since): nothing more to learn about its parts.
      if (isMuxNotFound(error)) continue;
      errors += 1;
      logUpstream("reconcile", `could not read the recorded parts of livestream ${row.id}`, error);
    }
  }
  return errors;
}
