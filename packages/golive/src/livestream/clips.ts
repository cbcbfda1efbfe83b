import "server-only";
// Clips of a broadcast (docs/architecture.md, "Clips"): the last 30 s / 60 s / 5 min while live
// and any range of a recorded part, watchable at once as MUX instant clips; a frame-accurate
// clip asset on request; listed under their part; deleted with their asset. Whoever may control
// the broadcast (rooms/broadcast-policy.ts) sees and manages its clips; anyone else gets 404.
import { and, asc, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { type ClipRow, clips, getDb, type Livestream, livestreamRecordings, livestreams } from "../db";
import { goliveNow } from "../config";
import { type Clip, type CreateClipBody, LivestreamError, type ListClipsResult, MIN_CLIP_SECONDS } from "../contract";
import { createClipAsset, deleteAsset, postPaced, upstreamFailure } from "../upstream";
import { mayControlBroadcast } from "../rooms";
import { requireControllable } from "./read";
import { type ClipContext, toClip } from "./clip-views";
import { downloadName, mp4View } from "./clip-urls";

const uuid = z.uuid();

export const clipNotFound = () => new LivestreamError("not_found", "Clip not found.");

/** A clip asset's `passthrough`: MUX's events name the clip even before its create has answered. */
export const CLIP_PASSTHROUGH_PREFIX = "clip:";

type Part = typeof livestreamRecordings.$inferSelect;

async function partOf(livestreamId: string, muxAssetId: string | undefined): Promise<Part | undefined> {
  const db = await getDb();
  const t = livestreamRecordings;
  const [part] = await db
    .select()
    .from(t)
    .where(muxAssetId === undefined ? eq(t.livestreamId, livestreamId) : and(eq(t.livestreamId, livestreamId), eq(t.muxAssetId, muxAssetId)))
    .orderBy(sql`${t.assetCreatedAt} desc, ${t.muxAssetId} desc`)
    .limit(1);
  return part;
}

const contextOf = (row: Pick<Livestream, "status" | "visibility" | "muxPlaybackId" | "muxAssetId" | "roomName">, part: Pick<Part, "vodPlaybackId"> | undefined): ClipContext => ({
  livestream: row,
  partPlaybackId: part?.vodPlaybackId ?? null,
});

/** The broadcast's recorded part to cut from, or the service's error saying why there is none. */
async function requirePart(row: Livestream, muxAssetId: string | undefined): Promise<Part> {
  const part = await partOf(row.id, muxAssetId);
  if (part) return part;
  if (muxAssetId !== undefined) throw new LivestreamError("not_found", "This broadcast has no recorded part with that muxAssetId.");
  throw new LivestreamError("conflict", "This broadcast has no recording yet: MUX starts one once video reaches it.");
}

/** Makes a clip of a broadcast the caller may control: the last seconds while live, or a range of a recorded part. */
export async function createClip(body: CreateClipBody, userId: string): Promise<Clip> {
  const row = await requireControllable(body.livestreamId, userId);
  const range = "lastSeconds" in body ? await liveRange(row, body.lastSeconds) : await recordingRange(row, body);
  const db = await getDb();
  const [clip] = await db
    .insert(clips)
    .values({ userId, livestreamId: row.id, title: body.title || null, kind: "instant", state: "ready", ...range.values })
    .returning();
  if (!clip) throw new Error("insert returned no clip");
  return toClip(clip, contextOf(row, range.part));
}

/**
 * The last `seconds` of the live part, by golive's clock ("Guardrails": the sandbox's in tests):
 * as program time for the instant clip, and as seconds into the part, from the part's start,
 * for a clip asset (a reconnect inside the window shifts these by the gap: MUX records nothing then).
 */
async function liveRange(row: Livestream, seconds: number) {
  if (row.status !== "active") throw new LivestreamError("conflict", "The last seconds can be clipped only while the broadcast is live; clip a range of its recording instead.");
  const part = row.muxAssetId ? await partOf(row.id, row.muxAssetId) : undefined;
  if (!part || part.finalAt) throw new LivestreamError("conflict", "MUX is not recording this broadcast right now: try again once its video is back.");
  const end = goliveNow();
  const startsAt = part.assetCreatedAt.getTime();
  const start = new Date(Math.max(end.getTime() - seconds * 1000, startsAt));
  const startSeconds = (start.getTime() - startsAt) / 1000;
  const endSeconds = (end.getTime() - startsAt) / 1000;
  if (endSeconds - startSeconds < MIN_CLIP_SECONDS) throw new LivestreamError("conflict", `MUX has recorded less than ${MIN_CLIP_SECONDS} s of this broadcast so far: try again in a moment.`);
  return { part, values: { sourceAssetId: part.muxAssetId, startSeconds, endSeconds, programStartAt: start, programEndAt: end } };
}

async function recordingRange(row: Livestream, body: Extract<CreateClipBody, { startSeconds: number }>) {
  const part = await requirePart(row, body.muxAssetId);
  if (part.durationSeconds === null) throw new LivestreamError("conflict", "MUX has not reported this part's length yet: try again in a moment.");
  if (body.endSeconds > part.durationSeconds) {
    throw new LivestreamError("bad_request", `endSeconds must be at most the recorded part's length (${Number(part.durationSeconds.toFixed(3))} s).`);
  }
  return { part, values: { sourceAssetId: part.muxAssetId, startSeconds: body.startSeconds, endSeconds: body.endSeconds } };
}

/** Each recorded part of the broadcast, oldest first, with its MP4 and its clips (oldest first). */
export async function listClips(livestreamId: string, userId: string): Promise<ListClipsResult> {
  const row = await requireControllable(livestreamId, userId);
  const db = await getDb();
  const parts = await db
    .select()
    .from(livestreamRecordings)
    .where(eq(livestreamRecordings.livestreamId, row.id))
    .orderBy(asc(livestreamRecordings.assetCreatedAt), asc(livestreamRecordings.muxAssetId));
  const rows = await db
    .select()
    .from(clips)
    .where(and(eq(clips.livestreamId, row.id), ne(clips.state, "deleted")))
    .orderBy(asc(clips.createdAt), asc(clips.id));
  const policy = row.visibility === "private" ? "signed" : "public";
  return {
    livestreamId: row.id,
    recordings: await Promise.all(
      parts.map(async (part, n) => ({
        muxAssetId: part.muxAssetId,
        vodPlaybackId: part.vodPlaybackId,
        durationSeconds: part.durationSeconds,
        final: part.finalAt !== null,
        mp4: await mp4View({ state: part.mp4State, fileName: part.mp4FileName }, part.vodPlaybackId, policy, downloadName(row.roomName, parts.length > 1 ? `part-${n + 1}` : "recording")),
        clips: await Promise.all(rows.filter((c) => c.sourceAssetId === part.muxAssetId).map((c) => toClip(c, contextOf(row, part)))),
      })),
    ),
  };
}

/** The clip `clipId` of a broadcast `userId` may control, with what its view needs; 404 otherwise (a deleted one too). */
export async function requireClip(clipId: string, userId: string): Promise<{ clip: ClipRow; row: Livestream; part: Part | undefined }> {
  if (!uuid.safeParse(clipId).success) throw clipNotFound();
  const db = await getDb();
  const [found] = await db
    .select({ clip: clips, row: livestreams })
    .from(clips)
    .innerJoin(livestreams, eq(livestreams.id, clips.livestreamId))
    .where(and(eq(clips.id, clipId), ne(clips.state, "deleted"), mayControlBroadcast(userId)))
    .limit(1);
  if (!found) throw clipNotFound();
  return { ...found, part: await partOf(found.row.id, found.clip.sourceAssetId) };
}

/** Deletes a clip and MUX's clip asset with it: the clip as it ends (`deleted`, nothing to play). */
export async function deleteClip(clipId: string, userId: string): Promise<Clip> {
  const { clip, row, part } = await requireClip(clipId, userId);
  if (clip.muxClipAssetId) {
    try {
      await deleteAsset(clip.muxClipAssetId);
    } catch (error) {
      throw upstreamFailure("MUX", "Could not delete the clip's MUX asset", error);
    }
  }
  const db = await getDb();
  const [deleted] = await db.update(clips).set({ state: "deleted", updatedAt: new Date() }).where(eq(clips.id, clip.id)).returning();
  return toClip(deleted ?? { ...clip, state: "deleted" }, contextOf(row, part));
}

/**
 * Asks MUX for a frame-accurate clip asset of the clip's range (through the shared POST pace),
 * with the `highest` MP4 when `mp4`. A clip that already has one (not errored) is answered as it is.
 */
export async function makeClipAsset(clipId: string, userId: string, options: { mp4?: boolean } = {}): Promise<Clip> {
  const { clip, row, part } = await requireClip(clipId, userId);
  if (clip.kind === "asset" && clip.state !== "errored") return toClip(clip, contextOf(row, part));
  const mp4 = options.mp4 ?? false;
  let created;
  try {
    created = await postPaced(
      () =>
        createClipAsset({
          sourceAssetId: clip.sourceAssetId,
          startSeconds: clip.startSeconds,
          endSeconds: clip.endSeconds,
          playbackPolicy: row.visibility === "private" ? "signed" : "public",
          passthrough: `${CLIP_PASSTHROUGH_PREFIX}${clip.id}`,
          mp4,
        }),
      userId,
      "create the clip",
    );
  } catch (error) {
    throw upstreamFailure("MUX", "Could not create the clip", error);
  }
  const db = await getDb();
  const sameAsset = sql`${clips.muxClipAssetId} is not distinct from ${created.id}`;
  const [updated] = await db
    .update(clips)
    .set({
      kind: "asset",
      muxClipAssetId: created.id,
      // MUX's events may have overtaken this answer (clip-events.ts): what they said stays.
      state: sql`case when ${sameAsset} then ${clips.state} else ${created.status === "ready" ? "ready" : "preparing"} end`,
      playbackId: sql`coalesce(case when ${sameAsset} then ${clips.playbackId} end, ${created.playbackId})`,
      failureReason: sql`case when ${sameAsset} then ${clips.failureReason} end`,
      ...(mp4 ? { mp4State: sql`case when ${sameAsset} and ${clips.mp4State} <> 'none' then ${clips.mp4State} else 'preparing' end`, mp4FileName: "highest.mp4" } : {}),
      updatedAt: new Date(),
    })
    .where(eq(clips.id, clip.id))
    .returning();
  return toClip(updated ?? clip, contextOf(row, part));
}
