import "server-only";
// What MUX's signed events do to a broadcast: its status, MUX's output, its recorded parts, its
// clips and MP4s (docs/architecture.md, "Recordings across reconnects", "Clips";
// tests/integration/webhooks.test.ts, clips.test.ts).
import { and, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, livestreams, liveStatuses, prepared, type StoredMuxWarning } from "../db";
import { maskerFor } from "../destinations";
import { transition } from "./status";
import { recordAsset } from "./recordings";
import { applyClipAssetEvent, applyStaticRenditionEvent, type ClipAssetEvent, isClipAsset } from "./clip-events";

const playbackIds = z.array(z.object({ id: z.string(), policy: z.string().optional() })).nullish();

/** The part of a verified MUX event we use; anything else in it is ignored. */
export const muxEventSchema = z.object({
  /** MUX's event id: the same for every delivery attempt of one event. */
  id: z.string().min(1),
  type: z.string(),
  /** When MUX made the event (ISO): orders the live-stream events of one stream. */
  // Lenient: an event whose time can't be read is still applied (in arrival order).
  created_at: z.string().nullish(),
  data: z.object({
    id: z.string(),
    live_stream_id: z.string().nullish(),
    playback_ids: playbackIds,
    /** Assets: seconds recorded so far (final once the asset is). */
    duration: z.number().nonnegative().nullish(),
    /** Assets: still recording a live stream. */
    is_live: z.boolean().nullish(),
    /** Assets: unix seconds in webhooks (a string in the API). */
    created_at: z.union([z.number(), z.string()]).nullish(),
    /** Live streams: the maximum length MUX holds the stream to, in seconds. */
    max_continuous_duration: z.number().int().positive().nullish(),
    /** `video.live_stream.warning`: what MUX warns of (the SDK's `WebhookLiveStreamWarning`). */
    warning: z.object({ type: z.string().nullish(), message: z.string().nullish() }).nullish(),
    /** Assets: what golive tagged it with (a clip's `clip:<id>`). */
    passthrough: z.string().nullish(),
    /** Errored assets: MUX's reasons. */
    errors: z.object({ messages: z.array(z.string()).nullish() }).nullish(),
    /** Static renditions: the asset it is of, and its file name. */
    asset_id: z.string().nullish(),
    name: z.string().nullish(),
  }),
});
export type MuxEvent = z.output<typeof muxEventSchema>;

export async function applyMuxEvent(event: MuxEvent): Promise<void> {
  const { type, data } = event;
  switch (type) {
    case "video.live_stream.active":
      // Media reached MUX: the broadcast is really live.
      await transition({ muxLiveStreamId: data.id }, { to: "active" });
      if (data.max_continuous_duration) await recordMaxDuration(data.id, data.max_continuous_duration);
      await setMuxDestination(data.id, "live", event.created_at);
      return;
    case "video.live_stream.connected":
    case "video.live_stream.recording":
      await setMuxDestination(data.id, "live", event.created_at);
      return;
    case "video.live_stream.disconnected":
    case "video.live_stream.idle":
      // While golive still streams, this is a drop LiveKit retries: MUX waits its reconnect
      // window (the recording continues) or, past it, starts a new part on reconnect. LiveKit's
      // egress events say whether the broadcast ended.
      await setMuxDestination(data.id, "reconnecting", event.created_at);
      return;
    case "video.live_stream.warning":
      if (data.warning?.message) await recordMuxWarning(data.id, { type: data.warning.type ?? null, message: data.warning.message }, event.created_at);
      return;
    case "video.asset.errored":
      if (isClipAsset(data.passthrough)) await applyClipAssetEvent(clipEvent(type, data));
      return;
    case "video.asset.static_rendition.ready":
    case "video.asset.static_rendition.errored":
      if (data.asset_id) await applyStaticRenditionEvent({ type, assetId: data.asset_id, name: data.name ?? null });
      return;
    case "video.asset.created":
    case "video.asset.ready":
    case "video.asset.live_stream_completed": {
      if (type !== "video.asset.live_stream_completed" && isClipAsset(data.passthrough)) {
        await applyClipAssetEvent(clipEvent(type, data));
        return;
      }
      if (!data.live_stream_id) return; // an asset that isn't a recording of a live stream
      // Every part is kept (recordings.ts); a late or repeated event only adds what it knows.
      await recordAsset({
        assetId: data.id,
        liveStreamId: data.live_stream_id,
        playbackId: data.playback_ids?.[0]?.id ?? null,
        durationSeconds: data.duration ?? null,
        createdAt: assetCreatedAt(data.created_at),
        final: type === "video.asset.live_stream_completed" || (type === "video.asset.ready" && data.is_live === false),
      });
      return;
    }
    default:
      return;
  }
}

const clipEvent = (type: ClipAssetEvent["type"], data: MuxEvent["data"]): ClipAssetEvent => ({
  type,
  assetId: data.id,
  passthrough: data.passthrough ?? null,
  playbackId: data.playback_ids?.[0]?.id ?? null,
  errors: data.errors?.messages ?? [],
});

/**
 * The broadcast's maximum length as MUX holds its stream to (`max_continuous_duration`, which the
 * go-live's `maxDuration` set, or the pool's default): golive enforces it too
 * (docs/architecture.md, "Guardrails").
 */
async function recordMaxDuration(muxLiveStreamId: string, seconds: number): Promise<void> {
  const db = await getDb();
  await db
    .update(livestreams)
    .set({ maxDurationSeconds: seconds })
    .where(and(eq(livestreams.muxLiveStreamId, muxLiveStreamId), inArray(livestreams.status, [...liveStatuses]), sql`${livestreams.maxDurationSeconds} is distinct from ${seconds}`));
}

/** The longest warning text kept: MUX's are a sentence or two. */
const MAX_WARNING_LENGTH = 500;

/**
 * Keeps MUX's newest warning on the live broadcast of its stream, the message masked with the
 * broadcast's keys (MUX's event carries the stream key beside it) and bounded; an older one
 * arriving later is ignored (docs/architecture.md, "Stream health").
 */
async function recordMuxWarning(muxLiveStreamId: string, warning: { type: string | null; message: string }, eventAt: string | null | undefined): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [row] = await prepared(
      tx
        .select()
        .from(livestreams)
        .where(and(eq(livestreams.muxLiveStreamId, muxLiveStreamId), inArray(livestreams.status, [...liveStatuses])))
        .for("update")
        .limit(1),
    );
    if (!row) return;
    const at = timeOf(eventAt) ?? Date.now();
    const appliedAt = timeOf(row.muxWarning?.at);
    if (appliedAt !== undefined && at < appliedAt) return;
    const mask = maskerFor([row]);
    const stored: StoredMuxWarning = {
      type: warning.type === null ? null : mask(warning.type).slice(0, 100),
      message: mask(warning.message).slice(0, MAX_WARNING_LENGTH),
      at: new Date(at).toISOString(),
    };
    await prepared(tx.update(livestreams).set({ muxWarning: stored }).where(eq(livestreams.id, row.id)));
  });
}

/** An ISO time as ms; undefined when absent or unreadable. */
function timeOf(iso: string | null | undefined): number | undefined {
  const ms = iso ? Date.parse(iso) : Number.NaN;
  return Number.isFinite(ms) ? ms : undefined;
}

/** MUX's asset `created_at`: unix seconds (webhooks) or their decimal string (the API). */
export function assetCreatedAt(value: number | string | null | undefined): Date | null {
  const seconds = typeof value === "string" ? Number(value) : value;
  return typeof seconds === "number" && Number.isFinite(seconds) ? new Date(seconds * 1000) : null;
}

/**
 * MUX's output of a broadcast still streaming (`active`) shows what MUX says of its encoder:
 * `reconnecting` after `disconnected`/`idle`, `live` again after `connected`/`recording`/
 * `active`. Never a final state (`failed`, `finished`: LiveKit's word), and never from an
 * event older than the newest one applied (events carry MUX's `created_at`; without one,
 * arrival order).
 */
async function setMuxDestination(muxLiveStreamId: string, to: "live" | "reconnecting", eventAt: string | null | undefined): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [row] = await prepared(
      tx
        .select({ id: livestreams.id, destinations: livestreams.destinations })
        .from(livestreams)
        .where(and(eq(livestreams.muxLiveStreamId, muxLiveStreamId), eq(livestreams.status, "active")))
        .for("update")
        .limit(1),
    );
    if (!row) return;
    const index = row.destinations.findIndex((d) => d.type === "mux");
    const mux = row.destinations[index];
    if (!mux) return;
    const at = timeOf(eventAt);
    const appliedAt = timeOf(mux.muxEventAt);
    if (at !== undefined && appliedAt !== undefined && at < appliedAt) return;
    const status = mux.status ?? "connecting";
    if (status === "failed" || status === "finished") return;
    const next = { ...mux, status: to, ...(at === undefined ? {} : { muxEventAt: new Date(at).toISOString() }) };
    const destinations = row.destinations.map((d, i) => (i === index ? next : d));
    await prepared(tx.update(livestreams).set({ destinations }).where(eq(livestreams.id, row.id)));
  });
}
