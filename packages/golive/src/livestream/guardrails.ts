import "server-only";
// Guardrails: no broadcast runs on with nobody in it — no host in its room for
// LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS, nobody but the egress's recorder left in it, or its
// maximum length reached — found by one set-based query over the presence records and stopped as
// a stop does (docs/architecture.md, "Guardrails"; tests/integration/guardrails.test.ts).
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import { z } from "zod";
import { MAX_DURATION, MAX_DURATION_WARNING_SECONDS, type LivestreamGuardrail } from "../contract";
import { describeError, goliveNow, stopAfterHostLeftSeconds } from "../config";
import { getDb, livestreams, prepared, roomMembers, roomPresence, rooms, rowsOf } from "../db";
import { logUpstream, participantIdentities } from "../upstream";
import { stopForGuardrail } from "./stop";

/**
 * golive ends a broadcast this long before its maximum (a tenth of it when that is shorter):
 * MUX counts `max_continuous_duration` from when its encoder connected, a moment after golive's
 * start, and cuts the encoder when it runs out, which fails the egress; a check running once a
 * minute ends the broadcast cleanly before that.
 */
const MAX_DURATION_MARGIN_SECONDS = 60;

/** At most this many broadcasts are stopped by one check (the rest are found by the next). */
const STOPS_PER_CHECK = 100;

/**
 * LiveKit's room-composite egress joins its room as a participant of its own (kind EGRESS) whose
 * identity is its egress id, `EG_…`: the recorder, never a person.
 */
const RECORDER = sql.raw(`'EG\\_%'`);

/** SQL: the presence row `roomPresence` is of a host of `livestreams`' room (owner, a member with role host; in a room nobody owns, its starter). */
const isHost = sql`(
  exists (select 1 from ${rooms} where ${rooms.name} = ${livestreams.roomName} and ${rooms.ownerId} = ${roomPresence.identity})
  or exists (select 1 from ${roomMembers} where ${roomMembers.roomName} = ${livestreams.roomName} and ${roomMembers.userId} = ${roomPresence.identity} and ${roomMembers.role} = 'host')
  or (${livestreams.userId} = ${roomPresence.identity} and not exists (select 1 from ${rooms} where ${rooms.name} = ${livestreams.roomName}))
)`;

const time = (date: Date) => sql`${date.toISOString()}::timestamptz`;

/**
 * The presence of `livestreams`' room, one aggregate over its presence rows (the primary key's
 * `room_name` prefix), so it costs a few index probes per row, whatever the size of
 * `room_presence`; joined laterally as `g`.
 */
const roomPresenceFacts = sql`(
  select
    count(*) filter (where ${roomPresence.leftAt} is null and ${roomPresence.identity} not like ${RECORDER})::int as persons,
    count(*) filter (where ${roomPresence.leftAt} is null and ${roomPresence.identity} like ${RECORDER})::int as recorders,
    count(*) filter (where ${roomPresence.leftAt} is null and ${isHost})::int as hosts_present,
    max(${roomPresence.leftAt}) filter (where ${isHost}) as host_left_at
  from ${roomPresence} where ${roomPresence.roomName} = ${livestreams.roomName}
) g`;

const maxSeconds = sql`coalesce(${livestreams.maxDurationSeconds}, ${MAX_DURATION.max}::int)`;

/** When the host-left window of `livestreams` (with `g`) ends: no host present and one has left; else null. */
function hostLeftEndsAt(windowSeconds: number): SQL {
  return windowSeconds > 0
    ? sql`case when g.hosts_present = 0 and g.host_left_at is not null
        then greatest(g.host_left_at, coalesce(${livestreams.startedAt}, ${livestreams.createdAt})) + ${windowSeconds}::int * interval '1 second' end`
    : sql`null::timestamptz`;
}

/** When `livestreams` reaches its maximum length, less MAX_DURATION_MARGIN_SECONDS. */
const maxEndsAt = sql`${livestreams.startedAt} + (${maxSeconds} - least(${MAX_DURATION_MARGIN_SECONDS}::int, ${maxSeconds} / 10)) * interval '1 second'`;

const epochMs = (at: SQL) => sql`(extract(epoch from ${at}) * 1000)::float8`;

/**
 * What decides each guardrail of the live (`starting`/`active`) rows matching `where`:
 * - `room_empty`: no person is present and the recorder is;
 * - `host_left_ends_at`: when the host-left window ends, or null;
 * - `max_ends_at`: its start plus its maximum length, less MAX_DURATION_MARGIN_SECONDS.
 */
function guardrailFacts(where: SQL, windowSeconds: number): SQL {
  return sql`select ${livestreams.id} as id,
      (g.persons = 0 and g.recorders > 0) as room_empty,
      ${hostLeftEndsAt(windowSeconds)} as host_left_ends_at,
      ${maxEndsAt} as max_ends_at,
      ${maxSeconds} as max_seconds
    from ${livestreams}
    cross join lateral ${roomPresenceFacts}
    where ${livestreams.status} in ('starting', 'active') and ${where}`;
}

/**
 * The status read's half of the guardrail (read.ts): the columns it selects beside the row, as
 * epoch ms, and the lateral join they need, so a poll costs one statement.
 */
export function guardrailColumns(): { join: SQL; hostLeftEndsAtMs: SQL<number | null>; maxEndsAtMs: SQL<number | null> } {
  return {
    join: roomPresenceFacts,
    hostLeftEndsAtMs: epochMs(hostLeftEndsAt(stopAfterHostLeftSeconds())).mapWith(Number),
    maxEndsAtMs: epochMs(maxEndsAt).mapWith(Number),
  };
}

/** The facts as a row both drivers answer alike: times as epoch ms. */
const msOf = (column: string) => sql.raw(`(extract(epoch from f.${column}) * 1000)::float8 as ${column}`);
const factsColumns = sql`f.id, f.room_empty, ${msOf("host_left_ends_at")}, ${msOf("max_ends_at")}, f.max_seconds`;
const at = z.coerce.number().transform((ms) => new Date(ms));
const factsRow = z.object({
  id: z.string(),
  room_empty: z.boolean(),
  host_left_ends_at: at.nullable(),
  max_ends_at: at.nullable(),
  max_seconds: z.coerce.number(),
});
type Facts = z.output<typeof factsRow>;

/** The query that finds every live broadcast a guardrail ends now (optionally in one room). */
export function guardrailDueQuery(now: Date, windowSeconds: number, roomName?: string): SQL {
  const inRoom = roomName === undefined ? sql`true` : sql`${livestreams.roomName} = ${roomName}`;
  return sql`select ${factsColumns} from (${guardrailFacts(inRoom, windowSeconds)}) f
    where f.room_empty or f.host_left_ends_at <= ${time(now)} or f.max_ends_at <= ${time(now)}
    limit ${STOPS_PER_CHECK}`;
}

type Due = { facts: Facts; kind: "room-empty" | "host-left" | "max-duration" };

function dueKind(facts: Facts, now: Date): Due["kind"] {
  if (facts.max_ends_at !== null && facts.max_ends_at <= now) return "max-duration";
  if (facts.room_empty) return "room-empty";
  return "host-left";
}

/** "2 minutes", "90 seconds", "1 hour": a whole length in words. */
export function lengthInWords(seconds: number): string {
  const unit = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (seconds % 3600 === 0) return unit(seconds / 3600, "hour");
  if (seconds % 60 === 0) return unit(seconds / 60, "minute");
  return unit(seconds, "second");
}

function reasonOf(due: Due, windowSeconds: number): string {
  switch (due.kind) {
    case "host-left":
      return `Stopped: no host in the room for ${lengthInWords(windowSeconds)}`;
    case "room-empty":
      return "Stopped: nobody was left in the room";
    case "max-duration":
      return `Stopped: the broadcast reached its maximum length (${lengthInWords(due.facts.max_seconds)})`;
  }
}

/**
 * Before stopping for presence, LiveKit's own list is asked, since doubt falls towards not
 * stopping ("Presence"): a lost `participant_joined` must not end a broadcast its host is in.
 * host-left: LiveKit lists none of the room's hosts. room-empty: LiveKit still has the room
 * (a room it closed ends its egress itself) and lists nobody but the recorder.
 */
async function livekitAgrees(due: Due, roomName: string, hosts: () => Promise<string[]>): Promise<boolean> {
  if (due.kind === "max-duration") return true;
  const identities = await participantIdentities(roomName);
  if (due.kind === "room-empty") return identities.length > 0 && identities.every((id) => id.startsWith("EG_"));
  const hostIds = new Set(await hosts());
  return !identities.some((id) => hostIds.has(id));
}

const dueRow = z.object({ room_name: z.string(), user_id: z.string() });

async function hostsOf(roomName: string, starter: string): Promise<string[]> {
  const db = await getDb();
  const rows = rowsOf(
    await db.execute(sql`select ${rooms.ownerId} as id from ${rooms} where ${rooms.name} = ${roomName}
      union select ${roomMembers.userId} from ${roomMembers} where ${roomMembers.roomName} = ${roomName} and ${roomMembers.role} = 'host'`),
  );
  const ids = rows.map((r) => z.object({ id: z.string() }).parse(r).id);
  return ids.length > 0 ? ids : [starter];
}

export type GuardrailStop = { id: string; status: "completed" | "failed" | "stopping"; reason: string };

/**
 * Finds the live broadcasts a guardrail ends now (all of them, or those of one room) and stops
 * each as a stop does; returns the ones it stopped. A failure is logged and left to the next
 * check (a StopEgress that failed leaves the row `failed`, for reconcile to stop the egress).
 */
export async function enforceGuardrails(options: { roomName?: string; now?: Date } = {}): Promise<{ stopped: GuardrailStop[]; errors: number }> {
  const now = options.now ?? goliveNow();
  const windowSeconds = stopAfterHostLeftSeconds();
  const db = await getDb();
  const due = rowsOf(await db.execute(guardrailDueQuery(now, windowSeconds, options.roomName))).map((r) => factsRow.parse(r));
  const stopped: GuardrailStop[] = [];
  let errors = 0;
  for (const facts of due) {
    const item: Due = { facts, kind: dueKind(facts, now) };
    try {
      const [row] = rowsOf(await db.execute(sql`select ${livestreams.roomName} as room_name, ${livestreams.userId} as user_id from ${livestreams} where ${livestreams.id} = ${facts.id}`)).map((r) => dueRow.parse(r));
      if (!row || !(await livekitAgrees(item, row.room_name, () => hostsOf(row.room_name, row.user_id)))) continue;
      const reason = reasonOf(item, windowSeconds);
      const ended = await stopForGuardrail(facts.id, reason);
      if (ended) stopped.push({ id: ended.id, status: ended.status === "completed" || ended.status === "failed" ? ended.status : "stopping", reason });
    } catch (error) {
      errors += 1;
      logUpstream("guardrails", `could not stop livestream ${facts.id} (${item.kind})`, error);
    }
  }
  return { stopped, errors };
}

/**
 * `enforceGuardrails` for one room, for the presence webhook that may have emptied it: never
 * throws, so the webhook's answer doesn't depend on it (the next scheduled check retries).
 */
export async function enforceGuardrailsInRoom(roomName: string): Promise<void> {
  try {
    // Most leaves are from rooms with nothing live: one prepared probe of the one-live-per-room
    // index answers those, before the check's aggregate is planned.
    const db = await getDb();
    const [live] = await prepared(
      db.select({ id: livestreams.id }).from(livestreams).where(and(eq(livestreams.roomName, roomName), inArray(livestreams.status, ["starting", "active"]))).limit(1),
    );
    if (!live) return;
    await enforceGuardrails({ roomName });
  } catch (error) {
    console.error(`[golive] guardrail check of room ${JSON.stringify(roomName)} failed — ${describeError(error)}`);
  }
}

/**
 * The guardrail counting down to the end of a live row from its two ends (guardrailColumns):
 * host-left while its window runs, max-duration from MAX_DURATION_WARNING_SECONDS before its
 * maximum; the earlier when both.
 */
export function guardrailFrom(ends: { hostLeftEndsAt: Date | null; maxEndsAt: Date | null }, now: Date = goliveNow()): LivestreamGuardrail | null {
  const { hostLeftEndsAt, maxEndsAt } = ends;
  const max = maxEndsAt !== null && now.getTime() >= maxEndsAt.getTime() - MAX_DURATION_WARNING_SECONDS * 1000 ? { kind: "max-duration" as const, endsAt: maxEndsAt } : null;
  const host = hostLeftEndsAt === null ? null : { kind: "host-left" as const, endsAt: hostLeftEndsAt };
  if (host && max) return host.endsAt <= max.endsAt ? host : max;
  return host ?? max;
}

/** guardrailFrom for live row `id`; null for a row that isn't `starting`/`active`. */
export async function guardrailOf(id: string, now: Date = goliveNow()): Promise<LivestreamGuardrail | null> {
  const db = await getDb();
  const [raw] = rowsOf(await db.execute(sql`select ${factsColumns} from (${guardrailFacts(sql`${livestreams.id} = ${id}`, stopAfterHostLeftSeconds())}) f`));
  if (raw === undefined) return null;
  const facts = factsRow.parse(raw);
  return guardrailFrom({ hostLeftEndsAt: facts.host_left_ends_at, maxEndsAt: facts.max_ends_at }, now);
}
