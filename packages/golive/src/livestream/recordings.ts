import "server-only";
// A broadcast's recorded parts, written by upserts that only add what is known, so any order
// of webhooks and reconcile reads is harmless (docs/architecture.md, "Recordings across reconnects").
import { asc, desc, eq, inArray, sql } from "drizzle-orm";
import { getDb, livestreamRecordings, livestreams } from "../db";
import type { LivestreamRecording } from "../contract";

/** What MUX says about one asset of a live stream (an asset webhook, or GET /assets/{id}). */
export type AssetReport = {
  assetId: string;
  liveStreamId: string;
  playbackId: string | null;
  durationSeconds: number | null;
  /** MUX's created_at; unknown (null) counts as now. */
  createdAt: Date | null;
  /** `video.asset.live_stream_completed`, or the asset is ready and no longer live. */
  final: boolean;
};

/**
 * Records one part of the broadcast whose MUX live stream made the asset, and points the
 * broadcast's `muxAssetId` / `vodPlaybackId` / `recordingFinalAt` at its latest part. Returns
 * false when no broadcast has that live stream (not ours: ignored).
 */
export async function recordAsset(report: AssetReport): Promise<boolean> {
  const db = await getDb();
  const [owner] = await db
    .select({ id: livestreams.id })
    .from(livestreams)
    .where(eq(livestreams.muxLiveStreamId, report.liveStreamId))
    .orderBy(desc(livestreams.createdAt))
    .limit(1);
  if (!owner) return false;
  const now = new Date();
  const t = livestreamRecordings;
  await db
    .insert(t)
    .values({
      muxAssetId: report.assetId,
      livestreamId: owner.id,
      vodPlaybackId: report.playbackId,
      durationSeconds: report.durationSeconds,
      assetCreatedAt: report.createdAt ?? now,
      finalAt: report.final ? now : null,
      updatedAt: now,
    })
    .onConflictDoUpdate({
      target: t.muxAssetId,
      set: {
        vodPlaybackId: sql`coalesce(excluded.vod_playback_id, ${t.vodPlaybackId})`,
        // A final part's duration is MUX's last word; before that a duration only grows
        // (an older report arriving late doesn't shorten it).
        durationSeconds: sql`case
          when ${t.finalAt} is not null then coalesce(${t.durationSeconds}, excluded.duration_seconds)
          when excluded.final_at is not null then coalesce(excluded.duration_seconds, ${t.durationSeconds})
          else greatest(${t.durationSeconds}, excluded.duration_seconds) end`,
        finalAt: sql`coalesce(${t.finalAt}, excluded.final_at)`,
        assetCreatedAt: sql`least(${t.assetCreatedAt}, excluded.asset_created_at)`,
        updatedAt: now,
      },
    });
  // One statement, so two parts recorded at once can't leave the row naming the older one.
  // (A Date in raw SQL reaches postgres.js untyped, which refuses it: pass the instant as text.)
  await db.execute(sql`
    update ${livestreams}
    set mux_asset_id = latest.mux_asset_id, vod_playback_id = latest.vod_playback_id,
        recording_final_at = latest.final_at, updated_at = ${now.toISOString()}::timestamptz
    from (
      select mux_asset_id, vod_playback_id, final_at from ${t}
      where livestream_id = ${owner.id}
      order by asset_created_at desc, mux_asset_id desc limit 1
    ) as latest
    where ${livestreams.id} = ${owner.id}`);
  return true;
}

const toPart = (row: typeof livestreamRecordings.$inferSelect): LivestreamRecording => ({
  muxAssetId: row.muxAssetId,
  vodPlaybackId: row.vodPlaybackId,
  durationSeconds: row.durationSeconds,
  final: row.finalAt !== null,
});

/** Each broadcast's parts, oldest first (every id has an entry, empty without parts). */
export async function recordingsOf(livestreamIds: readonly string[]): Promise<Map<string, LivestreamRecording[]>> {
  const parts = new Map<string, LivestreamRecording[]>(livestreamIds.map((id) => [id, []]));
  if (livestreamIds.length === 0) return parts;
  const db = await getDb();
  const rows = await db
    .select()
    .from(livestreamRecordings)
    .where(inArray(livestreamRecordings.livestreamId, [...livestreamIds]))
    .orderBy(asc(livestreamRecordings.assetCreatedAt), asc(livestreamRecordings.muxAssetId));
  for (const row of rows) parts.get(row.livestreamId)?.push(toPart(row));
  return parts;
}

/** One broadcast's parts, oldest first. */
export async function recordingsFor(livestreamId: string): Promise<LivestreamRecording[]> {
  return (await recordingsOf([livestreamId])).get(livestreamId) ?? [];
}

/** The broadcast one of whose parts plays with this playback id, if any. */
export async function livestreamIdOfPart(playbackId: string): Promise<string | undefined> {
  const db = await getDb();
  const [part] = await db
    .select({ livestreamId: livestreamRecordings.livestreamId })
    .from(livestreamRecordings)
    .where(eq(livestreamRecordings.vodPlaybackId, playbackId))
    .limit(1);
  return part?.livestreamId;
}
