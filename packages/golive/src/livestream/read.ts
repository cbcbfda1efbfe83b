import "server-only";
// Reads of broadcasts for the caller who may control them (rooms/broadcast-policy.ts): one by
// id or by room, the list, the status answer. From the database only (docs/architecture.md, invariant 6).
import { and, eq, getTableColumns, inArray, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, type Livestream, livestreamRecordings, livestreams, liveStatuses, prepared } from "../db";
import { badRequest, encodeListCursor, type ListCursor, LivestreamError, livestreamRecordingSchema, type LivestreamStatusResult, type PublicLivestream } from "../contract";
import { guardrailColumns, guardrailFrom, guardrailOf } from "./guardrails";
import { listLivestreamsQuery } from "./list-query";
import { mayControlBroadcast } from "../rooms";
import { recordingsFor, recordingsOf } from "./recordings";
import { failUnreadyStart, isPastTemplateDeadline } from "./template-readiness";
import { withFreshMuxStats } from "./viewers";
import { toPublicLivestream, toStatus } from "./views";

const uuidSchema = z.uuid();

export const notFound = () => new LivestreamError("not_found", "Livestream not found.");

/** The broadcast `livestreamId` if `userId` may control it now (broadcast-policy.ts); else undefined, as for a stranger. */
export async function findControllable(livestreamId: string, userId: string): Promise<Livestream | undefined> {
  // A malformed id can't name a row; answer "not found" rather than let Postgres reject it.
  if (!uuidSchema.safeParse(livestreamId).success) return undefined;
  const db = await getDb();
  const [row] = await prepared(db.select().from(livestreams).where(and(eq(livestreams.id, livestreamId), mayControlBroadcast(userId))).limit(1));
  return row;
}

async function findRow(id: string): Promise<Livestream | undefined> {
  const db = await getDb();
  const [row] = await db.select().from(livestreams).where(eq(livestreams.id, id)).limit(1);
  return row;
}

/** findControllable, or the 404. */
export async function requireControllable(livestreamId: string, userId: string): Promise<Livestream> {
  const row = await findControllable(livestreamId, userId);
  if (!row) throw notFound();
  return row;
}

/** The broadcast in this room that is starting, live or stopping, if the caller may control it. */
export async function getActiveLivestream(roomName: string, userId: string): Promise<Livestream | null> {
  const db = await getDb();
  const [row] = await prepared(
    db
      .select()
      .from(livestreams)
      .where(and(eq(livestreams.roomName, roomName), inArray(livestreams.status, [...liveStatuses]), mayControlBroadcast(userId)))
      .limit(1),
  );
  return row ?? null;
}

/** getActiveLivestream, or the 404. */
export async function requireActiveInRoom(roomName: string, userId: string): Promise<Livestream> {
  const row = await getActiveLivestream(roomName, userId);
  if (!row) throw new LivestreamError("not_found", `No active livestream of yours in room "${roomName}".`);
  return row;
}

/** A row's status answer: fresh viewer count, every recorded part. */
export async function statusOf(row: Livestream): Promise<LivestreamStatusResult> {
  if (isPastTemplateDeadline(row) && (await failUnreadyStart(row))) {
    const failed = await findRow(row.id);
    if (failed) return statusOf(failed);
  }
  // The guardrail counting down, while live (docs/architecture.md, "Guardrails").
  const guardrail = guarded(row) ? await guardrailOf(row.id) : null;
  return toStatus(await withFreshMuxStats(row), new Date(), await recordingsFor(row.id), guardrail);
}

const guarded = (row: Livestream) => row.status === "starting" || row.status === "active";

const partsSchema = z.array(livestreamRecordingSchema);

/** The parts of `livestreams`' row as one JSON array, oldest first (recordings.ts' order). */
const partsJson = sql`(select coalesce(json_agg(json_build_object(
    'muxAssetId', ${livestreamRecordings.muxAssetId}, 'vodPlaybackId', ${livestreamRecordings.vodPlaybackId},
    'durationSeconds', ${livestreamRecordings.durationSeconds}, 'final', ${livestreamRecordings.finalAt} is not null
  ) order by ${livestreamRecordings.assetCreatedAt}, ${livestreamRecordings.muxAssetId}), '[]'::json)
  from ${livestreamRecordings} where ${livestreamRecordings.livestreamId} = ${livestreams.id})`;

/**
 * A poll's status answer from one statement: the row the caller may control (`where`), its
 * guardrail's ends and its recorded parts beside it (docs/architecture.md, "Statements on the hot
 * paths"); undefined as for a stranger.
 */
async function readStatus(where: SQL): Promise<LivestreamStatusResult | undefined> {
  const db = await getDb();
  const guardrail = guardrailColumns();
  const [found] = await prepared(
    db
      .select({ ...getTableColumns(livestreams), hostLeftEndsAtMs: guardrail.hostLeftEndsAtMs, maxEndsAtMs: guardrail.maxEndsAtMs, parts: sql<unknown>`${partsJson}` })
      .from(livestreams)
      .leftJoinLateral(guardrail.join, sql`true`)
      .where(where)
      .limit(1),
  );
  if (!found) return undefined;
  const { hostLeftEndsAtMs, maxEndsAtMs, parts, ...row } = found;
  // A templated start past its deadline is failed now, and the poll answers that (one LiveKit call, once).
  if (isPastTemplateDeadline(row) && (await failUnreadyStart(row))) return readStatus(where);
  const at = (ms: number | null) => (ms === null ? null : new Date(ms));
  const countdown = guarded(row) ? guardrailFrom({ hostLeftEndsAt: at(hostLeftEndsAtMs), maxEndsAt: at(maxEndsAtMs) }) : null;
  // Drivers differ in whether they parse json: take either form.
  return toStatus(await withFreshMuxStats(row), new Date(), partsSchema.parse(typeof parts === "string" ? JSON.parse(parts) : parts), countdown);
}

export async function getLivestreamStatus(livestreamId: string, userId: string): Promise<LivestreamStatusResult> {
  if (!uuidSchema.safeParse(livestreamId).success) throw notFound();
  const status = await readStatus(and(eq(livestreams.id, livestreamId), mayControlBroadcast(userId)) ?? sql`false`);
  if (!status) throw notFound();
  return status;
}

/** Status of the live broadcast in a room that the caller may control; 404 when there is none. */
export async function getLivestreamStatusInRoom(roomName: string, userId: string): Promise<LivestreamStatusResult> {
  const status = await readStatus(and(eq(livestreams.roomName, roomName), inArray(livestreams.status, [...liveStatuses]), mayControlBroadcast(userId)) ?? sql`false`);
  if (!status) throw new LivestreamError("not_found", `No active livestream of yours in room "${roomName}".`);
  return status;
}

/**
 * The broadcasts the caller may control (theirs while a host, and every one of the rooms they
 * own), newest first, in their public shape (`toPublicLivestream`): the row with its stream
 * key and ingest URL never leaves the package, so a caller can't forget to project it.
 * `nextCursor` asks for the page after this one (`before`), null on the last page.
 */
export async function listLivestreamsPage(
  userId: string,
  options?: { roomName?: string; limit?: number; before?: ListCursor },
): Promise<{ livestreams: PublicLivestream[]; nextCursor: string | null }> {
  const limit = options?.limit ?? 50;
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badRequest("limit must be a whole number from 1 to 100.");
  const db = await getDb();
  // One row more than the page says whether another page follows, so the last page says null.
  const found = await listLivestreamsQuery(db, userId, { roomName: options?.roomName || undefined, limit: limit + 1, before: options?.before });
  const rows = found.slice(0, limit);
  const last = rows.at(-1);
  const parts = await recordingsOf(rows.map((r) => r.id));
  return {
    livestreams: rows.map(({ cursorAt: _, ...r }) => toPublicLivestream(r, parts.get(r.id) ?? [])),
    nextCursor: found.length > limit && last ? encodeListCursor({ createdAt: last.cursorAt, id: last.id }) : null,
  };
}

/** The first page of listLivestreamsPage: its rows alone (the recordings page, stop by room). */
export async function listLivestreams(userId: string, options?: { roomName?: string; limit?: number }): Promise<PublicLivestream[]> {
  return (await listLivestreamsPage(userId, options)).livestreams;
}
