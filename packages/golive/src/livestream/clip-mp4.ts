import "server-only";
// MP4 downloads of a recorded part or a clip: MUX's `highest` static rendition, asked for once
// (through the shared POST pace), `preparing` until `video.asset.static_rendition.ready`
// (clip-events.ts) (docs/architecture.md, "Clips").
import { and, eq, sql } from "drizzle-orm";
import { clips, getDb, livestreamRecordings } from "../db";
import { type Clip, LivestreamError, type Mp4Body, type Mp4View } from "../contract";
import { createStaticRendition, type MuxStaticRendition, postPaced, upstreamFailure } from "../upstream";
import { makeClipAsset, requireClip } from "./clips";
import { toClip } from "./clip-views";
import { downloadName, mp4View } from "./clip-urls";
import { requireControllable } from "./read";

const asked = (state: string) => state === "preparing" || state === "ready";

async function askForRendition(assetId: string, userId: string): Promise<MuxStaticRendition> {
  try {
    return await postPaced(() => createStaticRendition(assetId), userId, "request the MP4");
  } catch (error) {
    throw upstreamFailure("MUX", "Could not request the MP4", error);
  }
}

/** The state MUX's answer leaves an MP4 in, unless an event already said more (clip-events.ts). */
const stateAfter = (column: typeof clips.mp4State | typeof livestreamRecordings.mp4State, rendition: MuxStaticRendition) =>
  sql`case when ${column} = 'ready' then 'ready' else ${rendition.status === "ready" ? "ready" : "preparing"} end`;

/** A clip's MP4: with its clip asset if it has none yet (one POST makes both), else a rendition of that asset. */
export async function requestClipMp4(clipId: string, userId: string): Promise<Clip> {
  const { clip, row, part } = await requireClip(clipId, userId);
  const context = { livestream: row, partPlaybackId: part?.vodPlaybackId ?? null };
  if (asked(clip.mp4State)) return toClip(clip, context);
  if (clip.kind !== "asset" || clip.state === "errored" || !clip.muxClipAssetId) return makeClipAsset(clip.id, userId, { mp4: true });
  const rendition = await askForRendition(clip.muxClipAssetId, userId);
  const db = await getDb();
  const [updated] = await db
    .update(clips)
    .set({ mp4State: stateAfter(clips.mp4State, rendition), mp4FileName: rendition.name, updatedAt: new Date() })
    .where(eq(clips.id, clip.id))
    .returning();
  return toClip(updated ?? clip, context);
}

/** A recorded part's MP4 (default the broadcast's latest part). MUX makes it once the part is final. */
export async function requestRecordingMp4(livestreamId: string, muxAssetId: string | undefined, userId: string): Promise<{ livestreamId: string; muxAssetId: string; mp4: Mp4View }> {
  const row = await requireControllable(livestreamId, userId);
  const db = await getDb();
  const t = livestreamRecordings;
  const parts = await db.select().from(t).where(eq(t.livestreamId, row.id)).orderBy(t.assetCreatedAt, t.muxAssetId);
  const index = muxAssetId === undefined ? parts.length - 1 : parts.findIndex((p) => p.muxAssetId === muxAssetId);
  let part = parts[index];
  if (!part) {
    if (muxAssetId !== undefined) throw new LivestreamError("not_found", "This broadcast has no recorded part with that muxAssetId.");
    throw new LivestreamError("conflict", "This broadcast has no recording yet: MUX starts one once video reaches it.");
  }
  if (!asked(part.mp4State)) {
    const rendition = await askForRendition(part.muxAssetId, userId);
    const [updated] = await db
      .update(t)
      .set({ mp4State: stateAfter(t.mp4State, rendition), mp4FileName: rendition.name, updatedAt: new Date() })
      .where(and(eq(t.muxAssetId, part.muxAssetId), eq(t.livestreamId, row.id)))
      .returning();
    part = updated ?? part;
  }
  const policy = row.visibility === "private" ? "signed" : "public";
  const name = downloadName(row.roomName, parts.length > 1 ? `part-${index + 1}` : "recording");
  return { livestreamId: row.id, muxAssetId: part.muxAssetId, mp4: await mp4View({ state: part.mp4State, fileName: part.mp4FileName }, part.vodPlaybackId, policy, name) };
}

/** POST /api/video/clips/mp4's one call: a clip's MP4, or a recorded part's. */
export function requestMp4(body: Mp4Body, userId: string): Promise<{ clip: Clip } | { livestreamId: string; muxAssetId: string; mp4: Mp4View }> {
  if ("clipId" in body) return requestClipMp4(body.clipId, userId).then((clip) => ({ clip }));
  return requestRecordingMp4(body.livestreamId, body.muxAssetId, userId);
}
