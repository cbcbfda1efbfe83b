import "server-only";
// The pace of changes to one live broadcast: at most CHANGES_PER_MINUTE a minute, across
// instances (docs/architecture.md, "Changing a live broadcast"; tests/integration/change-limits.test.ts).
import { sql } from "drizzle-orm";
import { z } from "zod";
import { getDb, livestreamChangeRate, rowsOf } from "../db";
import { LivestreamError } from "../contract";

export const CHANGES_PER_MINUTE = 30;
const WINDOW_MS = 60_000;
const STEP_MS = WINDOW_MS / CHANGES_PER_MINUTE;

const aheadSchema = z.object({ ahead_ms: z.coerce.number() });

/** Takes one change of `livestreamId`'s allowance, or throws `too_many` with when the next one is allowed. */
export async function takeChangeTurn(livestreamId: string): Promise<void> {
  const db = await getDb();
  const step = sql`(${STEP_MS}::double precision * interval '1 millisecond')`;
  const window = sql`(${WINDOW_MS}::double precision * interval '1 millisecond')`;
  const taken = await db.execute(sql`
    insert into ${livestreamChangeRate} as r (livestream_id, next_at) values (${livestreamId}, clock_timestamp() + ${step})
    on conflict (livestream_id) do update set next_at = greatest(r.next_at, clock_timestamp()) + ${step}
      where greatest(r.next_at, clock_timestamp()) + ${step} <= clock_timestamp() + ${window}
    returning livestream_id`);
  if (rowsOf(taken).length > 0) return;
  const ahead = await db.execute(sql`
    select extract(epoch from (greatest(next_at, clock_timestamp()) + ${step} - ${window} - clock_timestamp()))::double precision * 1000 as ahead_ms
      from ${livestreamChangeRate} where livestream_id = ${livestreamId}`);
  const waitMs = rowsOf(ahead).map((r) => aheadSchema.parse(r))[0]?.ahead_ms ?? STEP_MS;
  const seconds = Math.max(1, Math.ceil(waitMs / 1000));
  throw new LivestreamError(
    "too_many",
    `This broadcast has had too many changes: at most ${CHANGES_PER_MINUTE} a minute. Try again in ${seconds} s.`,
    { retryAfterSeconds: seconds },
  );
}
