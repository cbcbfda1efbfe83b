import "server-only";
// The pace of MUX POSTs across every instance, in Postgres: turns reserved under the pace row's
// lock, the send gate, 429 back-off, a fair share per user (docs/architecture.md, "MUX at fleet
// scale"; tests/integration/mux-rate-limits.test.ts, tests/integration/fair-share.test.ts).
import { sql } from "drizzle-orm";
import { z } from "zod";
import { type Database, getDb, rowsOf, muxPostTurns, muxRateLimits } from "../db";
import { muxFleetConfig } from "../config";
import { LivestreamError } from "../contract";
import {
  createLiveStream,
  isRetryableCreateFailure,
  muxEnvironment,
  type MuxLiveStream,
  rateLimitedFor,
} from "./mux";

type CreateOptions = Parameters<typeof createLiveStream>[0];

/** Retries of a create that got no answer or a 408/409/5xx: as many as the SDK made by itself. */
const OTHER_RETRIES = 2;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

const reservedSchema = z.object({ wait_ms: z.coerce.number() });
const aheadSchema = z.object({ ahead_ms: z.coerce.number() });

/** The POST interval in ms. */
export function postIntervalMs(): number {
  return 1000 / muxFleetConfig().postsPerSecond;
}

async function ensureRow(environment: string): Promise<void> {
  const db = await getDb();
  await db.insert(muxRateLimits).values({ environment, postNextAt: new Date(0) }).onConflictDoNothing();
}

export type PostSlot = { ok: true; waitMs: number } | { ok: false; retryAfterMs: number; reason: "queue" | "share" };

/**
 * Turns one requester may hold ahead (reserved, not yet due) in the shared queue: a user's
 * burst can't fill the wait budget of everyone else (docs/architecture.md, "MUX at fleet scale").
 */
export const TURNS_AHEAD_PER_REQUESTER = 3;

const turnsSchema = z.object({ n: z.coerce.number(), first_ms: z.coerce.number().nullable() });

/**
 * Reserves the next POST slot of `environment` for `requester` if it is at most `maxWaitMs`
 * away: how long to wait before sending. Refused, nothing reserved: the slot is further
 * (`queue`, with how long the queue ahead is), or `requester` already holds
 * TURNS_AHEAD_PER_REQUESTER future turns (`share`, with when the first of them is due).
 */
export async function reservePostSlot(environment: string, requester: string, maxWaitMs: number, intervalMs: number = postIntervalMs()): Promise<PostSlot> {
  return withPaceLock(environment, async (tx) => {
    await tx.execute(sql`delete from ${muxPostTurns} where environment = ${environment} and turn_at <= clock_timestamp()`);
    const held = await tx.execute(sql`
      select count(*)::int as n, extract(epoch from (min(turn_at) - clock_timestamp()))::double precision * 1000 as first_ms
        from ${muxPostTurns} where environment = ${environment} and requester = ${requester}`);
    const turns = rowsOf(held).map((r) => turnsSchema.parse(r))[0];
    if (turns && turns.n >= TURNS_AHEAD_PER_REQUESTER) return { ok: false, reason: "share", retryAfterMs: Math.max(0, turns.first_ms ?? 0) };
    const waitMs = await takeTurn(tx, environment, maxWaitMs, intervalMs);
    if (waitMs === undefined) return { ok: false, reason: "queue", retryAfterMs: await queueAheadMs(environment, tx) };
    await tx.insert(muxPostTurns).values({ environment, requester, turnAt: sql`clock_timestamp() + (${waitMs}::double precision * interval '1 millisecond')` });
    return { ok: true, waitMs };
  });
}

type PaceTransaction = Parameters<Parameters<Database["transaction"]>[0]>[0];

/**
 * Runs `inLock` in one transaction holding the pace row of `environment`: reservations, and
 * the pool's count of its slots (pool-refill.ts), can't race.
 */
export async function withPaceLock<T>(environment: string, inLock: (tx: PaceTransaction) => Promise<T>): Promise<T> {
  await ensureRow(environment);
  const db = await getDb();
  return db.transaction(async (tx) => {
    await tx.execute(sql`select environment from ${muxRateLimits} where environment = ${environment} for update`);
    return inLock(tx);
  });
}

/**
 * Within withPaceLock: takes the next POST turn if it is at most `maxWaitMs` away (0: only one
 * free now) and answers how long to wait for it; undefined when it is further (nothing taken).
 */
export async function takeTurn(tx: Pick<Database, "execute">, environment: string, maxWaitMs: number, intervalMs: number): Promise<number | undefined> {
  const interval = sql`(${intervalMs}::double precision * interval '1 millisecond')`;
  const reserved = await tx.execute(sql`
    update ${muxRateLimits}
       set post_next_at = greatest(post_next_at, clock_timestamp()) + ${interval}, updated_at = now()
     where environment = ${environment}
       and greatest(post_next_at, clock_timestamp()) <= clock_timestamp() + (${Math.max(0, maxWaitMs)}::double precision * interval '1 millisecond')
    returning greatest(0, extract(epoch from (post_next_at - clock_timestamp()))::double precision * 1000 - ${intervalMs}::double precision) as wait_ms`);
  return rowsOf(reserved).map((r) => reservedSchema.parse(r))[0]?.wait_ms;
}

/** How long until a POST slot of `environment` is free (0 when one is free now). */
export async function queueAheadMs(environment: string, within?: Pick<Database, "execute">): Promise<number> {
  const db = within ?? (await getDb());
  const result = await db.execute(
    sql`select greatest(0, extract(epoch from (post_next_at - clock_timestamp()))::double precision * 1000) as ahead_ms from ${muxRateLimits} where environment = ${environment}`,
  );
  return rowsOf(result).map((r) => aheadSchema.parse(r))[0]?.ahead_ms ?? 0;
}

/** MUX said 429: no POST of this environment, from any instance, before `ms` from now (slots already reserved included). */
export async function deferPosts(environment: string, ms: number): Promise<void> {
  await ensureRow(environment);
  await ensureRow(gateOf(environment));
  const db = await getDb();
  await db.execute(sql`
    update ${muxRateLimits}
       set post_next_at = greatest(post_next_at, clock_timestamp() + (${Math.max(0, ms)}::double precision * interval '1 millisecond')), updated_at = now()
     where environment in (${environment}, ${gateOf(environment)})`);
}

const gateOf = (environment: string) => `${environment}:send`;

/**
 * Waits until this sender may send now — the previous POST of the environment left at least
 * one interval ago — and takes the gate; false (nothing taken) when that would be after `untilMs`.
 */
export async function passSendGate(environment: string, untilMs: number, intervalMs: number = postIntervalMs()): Promise<boolean> {
  const gate = gateOf(environment);
  await ensureRow(gate);
  const db = await getDb();
  for (;;) {
    const passed = await db.execute(sql`
      update ${muxRateLimits}
         set post_next_at = clock_timestamp() + (${intervalMs}::double precision * interval '1 millisecond'), updated_at = now()
       where environment = ${gate} and post_next_at <= clock_timestamp()
      returning environment`);
    if (rowsOf(passed).length > 0) return true;
    const ahead = await queueAheadMs(gate);
    if (Date.now() + ahead > untilMs) return false;
    // Spread over half an interval: the senders waiting here don't all ask again at once.
    await sleep(ahead + 1 + Math.random() * (intervalMs / 2));
  }
}

/** Whole seconds for a Retry-After header: at least 1. */
export const retryAfterSeconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000));

/** What a paced POST does, for its refusals' sentences: "create the MUX live stream". */
export type PostedWhat = string;

const CREATE_STREAM: PostedWhat = "create the MUX live stream";

/** The 503 a POST gets when MUX can't take it within the budget. */
export function muxBusy(retryAfterMs: number, what: PostedWhat = CREATE_STREAM): LivestreamError {
  const seconds = retryAfterSeconds(retryAfterMs);
  return new LivestreamError(
    "upstream_unavailable",
    what === CREATE_STREAM
      ? `Could not ${what}: too many broadcasts are starting at once and MUX takes about one new stream per second. Try again in ${seconds} s.`
      : `Could not ${what}: MUX takes about one request of this kind per second for everyone, and too many are waiting. Try again in ${seconds} s.`,
    { retryAfterSeconds: seconds },
  );
}

/** The 429 a POST gets when its own user's POSTs already hold their share of the queue. */
export function ownShareTaken(retryAfterMs: number, what: PostedWhat = CREATE_STREAM): LivestreamError {
  const seconds = retryAfterSeconds(retryAfterMs);
  return new LivestreamError(
    "too_many",
    what === CREATE_STREAM
      ? `Could not ${what}: your other broadcasts are already waiting for MUX, which takes about one new stream per second for everyone, so one account may queue only ${TURNS_AHEAD_PER_REQUESTER} at a time. Try again in ${seconds} s.`
      : `Could not ${what}: your other requests are already waiting for MUX, which takes about one a second for everyone, so one account may queue only ${TURNS_AHEAD_PER_REQUESTER} at a time. Try again in ${seconds} s.`,
    { retryAfterSeconds: seconds },
  );
}

/**
 * Creates a MUX live stream through the shared queue for `requester` (the user going live),
 * waiting at most the go-live budget (MUX_RATE_LIMIT_WAIT_MS) for a slot and for MUX's 429s.
 * Past it: `muxBusy` (503 + Retry-After). When the requester already holds their share of
 * the queue: `ownShareTaken` (429 + Retry-After) at once. Other failures are MUX's own errors,
 * for upstreamFailure.
 */
export function createLiveStreamPaced(options: CreateOptions, requester: string, budgetMs: number = muxFleetConfig().maxWaitMs): Promise<MuxLiveStream> {
  return postPaced(() => createLiveStream(options), requester, CREATE_STREAM, budgetMs);
}

/**
 * Any MUX POST through the shared queue, as createLiveStreamPaced (a clip asset, a static
 * rendition: docs/architecture.md, "Clips"); `what` names it in the refusals' sentences.
 */
export async function postPaced<T>(send: () => Promise<T>, requester: string, what: PostedWhat, budgetMs: number = muxFleetConfig().maxWaitMs): Promise<T> {
  const environment = muxEnvironment();
  const intervalMs = postIntervalMs();
  const deadline = Date.now() + budgetMs;
  let otherFailures = 0;
  for (;;) {
    const slot = await reservePostSlot(environment, requester, deadline - Date.now(), intervalMs);
    if (!slot.ok) throw slot.reason === "queue" ? muxBusy(slot.retryAfterMs, what) : ownShareTaken(slot.retryAfterMs, what);
    if (slot.waitMs > 0) await sleep(slot.waitMs);
    // Late wakers wait their turn at the gate; a little past the budget is fine for one who
    // holds a slot, a queue that slipped further is not.
    if (!(await passSendGate(environment, deadline + 2 * intervalMs, intervalMs))) throw muxBusy(await queueAheadMs(environment), what);
    try {
      return await send();
    } catch (error) {
      const hint = rateLimitedFor(error);
      if (hint !== null) {
        // Everyone waits what MUX asked (one interval when it didn't say); this one queues again.
        await deferPosts(environment, hint ?? intervalMs);
        continue;
      }
      if (isRetryableCreateFailure(error) && otherFailures < OTHER_RETRIES && Date.now() < deadline) {
        otherFailures += 1;
        continue;
      }
      throw error;
    }
  }
}
