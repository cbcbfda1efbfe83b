import "server-only";
// What MUX's signed events do to clips and MP4s (docs/architecture.md, "Clips"): a clip asset's
// created / ready / errored, found by its `passthrough` (its create's answer may come later) or
// its id; a static rendition's ready / errored, for the clip or recorded part whose asset it is.
// Each only adds what it knows: a late `created` never undoes `ready`.
import { and, eq, ne, sql } from "drizzle-orm";
import { z } from "zod";
import { clips, getDb, livestreamRecordings } from "../db";
import { CLIP_PASSTHROUGH_PREFIX } from "./clips";

const uuid = z.uuid();

export type ClipAssetEvent = {
  type: "video.asset.created" | "video.asset.ready" | "video.asset.errored";
  assetId: string;
  passthrough: string | null;
  playbackId: string | null;
  errors: string[];
};

/** True when the event is about a clip asset golive made (its passthrough names a clip). */
export function isClipAsset(passthrough: string | null | undefined): passthrough is string {
  return typeof passthrough === "string" && passthrough.startsWith(CLIP_PASSTHROUGH_PREFIX) && uuid.safeParse(passthrough.slice(CLIP_PASSTHROUGH_PREFIX.length)).success;
}

export async function applyClipAssetEvent(event: ClipAssetEvent): Promise<void> {
  const db = await getDb();
  const clipId = isClipAsset(event.passthrough) ? event.passthrough.slice(CLIP_PASSTHROUGH_PREFIX.length) : null;
  const which = clipId ? eq(clips.id, clipId) : eq(clips.muxClipAssetId, event.assetId);
  // An event of an asset this clip no longer points at (an earlier, errored attempt) changes nothing.
  const current = sql`(${clips.muxClipAssetId} is null or ${clips.muxClipAssetId} = ${event.assetId})`;
  const state =
    event.type === "video.asset.ready"
      ? sql`case when ${clips.state} = 'errored' then ${clips.state} else 'ready' end`
      : event.type === "video.asset.errored"
        ? sql`'errored'`
        : clips.state;
  await db
    .update(clips)
    .set({
      muxClipAssetId: event.assetId,
      kind: "asset",
      state,
      playbackId: sql`coalesce(${event.playbackId}, ${clips.playbackId})`,
      ...(event.type === "video.asset.errored"
        ? {
            failureReason: `MUX could not make the clip: ${event.errors.join(" ") || "no reason given"}`,
            mp4State: sql`case when ${clips.mp4State} = 'preparing' then 'errored' else ${clips.mp4State} end`,
          }
        : {}),
      updatedAt: new Date(),
    })
    .where(and(which, current, ne(clips.state, "deleted")));
}

/** `video.asset.static_rendition.*`: the MP4 of the clip or recorded part whose asset `assetId` is. */
export async function applyStaticRenditionEvent(event: { type: string; assetId: string; name: string | null }): Promise<void> {
  const to = event.type === "video.asset.static_rendition.ready" ? "ready" : event.type === "video.asset.static_rendition.errored" ? "errored" : null;
  if (!to) return;
  const db = await getDb();
  const name = event.name ?? "highest.mp4";
  await db
    .update(clips)
    .set({ mp4State: to, mp4FileName: name, updatedAt: new Date() })
    .where(and(eq(clips.muxClipAssetId, event.assetId), ne(clips.state, "deleted")));
  await db.update(livestreamRecordings).set({ mp4State: to, mp4FileName: name, updatedAt: new Date() }).where(eq(livestreamRecordings.muxAssetId, event.assetId));
}
