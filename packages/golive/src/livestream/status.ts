import "server-only";
// The one writer of a broadcast's `status`: the lifecycle as data, one guarded update
// (docs/architecture.md, "Broadcast lifecycle"; tests/unit/status.test.ts, tests/unit/source-rules.test.ts).
import { and, eq, inArray, type SQL } from "drizzle-orm";
import {
  type Database,
  getDb,
  type Livestream,
  type LivestreamStatus,
  livestreams,
  liveStatuses,
  type NewLivestream,
  prepared,
} from "../db";
import { maskerFor } from "../destinations";

/**
 * For each status, the statuses a row may move to it from. `starting` is only ever inserted
 * (`insertStarting`); `idle` is the column's default and never written; `completed` and
 * `failed` are final.
 */
export const allowedFrom = {
  idle: [],
  starting: [],
  // MUX's `video.live_stream.active` (webhook, or reconcile reading MUX's own status).
  active: ["starting"],
  // The stop claims a live row.
  stopping: ["starting", "active"],
  // The stop finished; or the egress ended normally (EGRESS_COMPLETE, e.g. the room closed).
  completed: ["starting", "active", "stopping"],
  // An upstream failure, an egress that failed, a start that died, a stop that couldn't stop.
  failed: ["starting", "active", "stopping"],
} as const satisfies Record<LivestreamStatus, readonly LivestreamStatus[]>;

type AllowedFrom<To extends LivestreamStatus> = (typeof allowedFrom)[To][number];

/** Whether the lifecycle lets a row in `from` move to `to`. */
export function canTransition(from: LivestreamStatus, to: LivestreamStatus): boolean {
  return (allowedFrom[to] as readonly LivestreamStatus[]).includes(from);
}

/** A status with no way out. */
export const isFinal = (status: LivestreamStatus): boolean =>
  (Object.keys(allowedFrom) as LivestreamStatus[]).every((to) => !canTransition(status, to));

/** A status change and what comes with it: an end sets `endedAt`, a failure its reason. */
export type StatusChange =
  | { to: "active" }
  /** `endReason`: a guardrail's stop says why golive ended it (docs/architecture.md, "Guardrails"). */
  | { to: "stopping"; endReason?: string }
  | { to: "completed" }
  /**
   * `reason` is for a person. Reasons may quote upstream text, so every key of the row (MUX's
   * and each destination's, read from the row before it ends), every key in `secrets` and
   * every rtmp URL's key is masked before it is stored.
   */
  | { to: "failed"; reason: string; secrets?: readonly (string | null)[] };

/** Which row(s): by id, or every row of a MUX live stream (MUX's events name the stream). */
export type RowKey = { id: string } | { muxLiveStreamId: string };

/** Columns other than `status` that may be written together with a status change. */
type Fields = Omit<Partial<NewLivestream>, "status" | "id">;

// Every end erases the sealed destination URLs: other people's stream keys are kept only
// while the broadcast is live (tests/integration/live-controls.test.ts, "ended rows hold no ciphertext").
function changeFields(change: StatusChange, now: Date, mask: (text: string) => string): Partial<NewLivestream> {
  switch (change.to) {
    case "active":
      return { status: change.to };
    case "stopping":
      return change.endReason === undefined ? { status: "stopping" } : { status: "stopping", endReason: change.endReason };
    case "completed":
      return { status: "completed", failureReason: null, endedAt: now, destinationUrlsSealed: null };
    case "failed":
      return {
        status: "failed",
        failureReason: mask(change.reason),
        endedAt: now,
        destinationUrlsSealed: null,
      };
  }
}

const keyCondition = (key: RowKey): SQL => ("id" in key ? eq(livestreams.id, key.id) : eq(livestreams.muxLiveStreamId, key.muxLiveStreamId));

/** The one statement that writes `status`: rows matching `where` that are in one of `from` get `change`. */
async function guardedUpdate(where: SQL | undefined, change: StatusChange, from: readonly LivestreamStatus[]): Promise<Livestream[]> {
  const allowed: readonly LivestreamStatus[] = allowedFrom[change.to];
  const widened = from.filter((s) => !allowed.includes(s));
  if (widened.length > 0) throw new Error(`A broadcast never moves from ${widened.join(", ")} to ${change.to}.`);
  if (from.length === 0) return [];
  const now = new Date();
  const db = await getDb();
  // A failure's reason is masked with the keys of the rows it ends, read before this update
  // erases their sealed URLs (a key added after this read can't be in a reason given before it).
  const rows =
    change.to === "failed"
      ? await prepared(
          db
            .select({ id: livestreams.id, muxStreamKey: livestreams.muxStreamKey, destinationUrlsSealed: livestreams.destinationUrlsSealed, destinationKeyHashes: livestreams.destinationKeyHashes })
            .from(livestreams)
            .where(and(where, inArray(livestreams.status, [...from]))),
        )
      : [];
  const mask = maskerFor(rows, change.to === "failed" ? change.secrets : []);
  return prepared(
    db
      .update(livestreams)
      .set({ ...changeFields(change, now, mask), updatedAt: now })
      .where(and(where, inArray(livestreams.status, [...from])))
      .returning(),
  );
}

/**
 * Moves the row to `change.to` if it is in one of the allowed from-states (`from`, which must
 * be a subset of `allowedFrom[change.to]`; all of them by default). Returns the updated row,
 * or undefined when the row was not in such a state (another writer won, or it ended).
 */
export async function transition<C extends StatusChange>(
  key: RowKey,
  change: C,
  options: { from?: readonly AllowedFrom<C["to"]>[] } = {},
): Promise<Livestream | undefined> {
  const [row] = await guardedUpdate(keyCondition(key), change, options.from ?? allowedFrom[change.to]);
  return row;
}

/**
 * Writes other columns only while the row is still in one of `from` — the status itself is
 * left as it is. Returns the updated row, or undefined when the row has moved on.
 */
export async function updateWhileIn(id: string, from: readonly LivestreamStatus[], fields: Fields): Promise<Livestream | undefined> {
  const db = await getDb();
  const [row] = await prepared(
    db
      .update(livestreams)
      .set({ ...fields, updatedAt: new Date() })
      .where(and(eq(livestreams.id, id), inArray(livestreams.status, [...from])))
      .returning(),
  );
  return row;
}

export type StartingFields = Fields & Pick<NewLivestream, "roomName" | "userId"> & { id?: string };
/** The database, or a transaction of it (room-claim.ts inserts under its lock). */
export type Executor = Pick<Database, "insert">;

/**
 * A new broadcast, `starting`. The partial unique index (one live row per room) turns a second
 * live row into no row: undefined means the room is already live.
 */
export async function insertStarting(values: StartingFields, within?: Executor): Promise<Livestream | undefined> {
  const db = within ?? (await getDb());
  const [row] = await prepared(db.insert(livestreams).values({ ...values, status: "starting" }).onConflictDoNothing().returning());
  return row;
}

export const SANDBOX_RESTART_REASON = "The sandbox restarted: its MUX and LiveKit forgot this broadcast.";

/**
 * Fails every broadcast that is still starting, active or stopping. For a restart of the
 * offline sandbox (`npm run dev`): the emulators forget their streams and egresses, so no
 * event or reconcile run could ever end these rows, and each would hold its room.
 * Returns the ids of the rows it failed.
 */
export async function settleAfterSandboxRestart(): Promise<string[]> {
  const rows = await guardedUpdate(undefined, { to: "failed", reason: SANDBOX_RESTART_REASON }, liveStatuses);
  return rows.map((r) => r.id);
}
