// The `livestreams` table, column by column, as migrated into the real database: the base
// columns keep their names, types and defaults (docs/architecture.md, "Module map"), status
// takes only the lifecycle's values and a room holds one live row (invariant 1).
import { sql } from "drizzle-orm";
import { expect, test } from "vitest";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { useTestDatabase } from "../support/test-file";

useTestDatabase();

const column = z.object({ column_name: z.string(), data_type: z.string(), is_nullable: z.string(), column_default: z.string().nullable() });
// postgres.js answers an array of rows, PGlite `{ rows }`.
const columns = z.union([z.array(column), z.object({ rows: z.array(column) }).transform((r) => r.rows)]);

test("the base columns, each with its name, type and nullability", async () => {
  const db = await getDb();
  const rows = columns.parse(
    await db.execute(
      sql`select column_name, data_type, is_nullable, column_default from information_schema.columns where table_schema = 'golive' and table_name = 'livestreams'`,
    ),
  );
  const shape = Object.fromEntries(rows.map((c) => [c.column_name, `${c.data_type}${c.is_nullable === "NO" ? " not null" : ""}`]));
  expect(shape).toMatchObject({
    id: "uuid not null",
    room_name: "text not null",
    egress_id: "text",
    mux_live_stream_id: "text",
    mux_playback_id: "text",
    mux_stream_key: "text",
    rtmp_url: "text",
    status: "text not null",
    mux_asset_id: "text",
    started_at: "timestamp with time zone",
    ended_at: "timestamp with time zone",
    user_id: "text not null",
    created_at: "timestamp with time zone not null",
    updated_at: "timestamp with time zone not null",
  });
  const defaults = Object.fromEntries(rows.map((c) => [c.column_name, c.column_default]));
  expect(defaults.id).toBe("gen_random_uuid()");
  expect(defaults.status).toBe("'idle'::text");
  expect(defaults.created_at).toBe("now()");
});

test("status only takes the lifecycle's values, and a room holds one live row", async () => {
  const db = await getDb();
  await expect(db.execute(sql`insert into golive.livestreams (room_name, user_id, status) values ('r', 'u', 'paused')`)).rejects.toThrow();
  await db.execute(sql`insert into golive.livestreams (room_name, user_id, status) values ('r', 'u', 'active')`);
  await expect(db.execute(sql`insert into golive.livestreams (room_name, user_id, status) values ('r', 'u2', 'starting')`)).rejects.toThrow();
  // Ended broadcasts don't hold the room.
  await db.execute(sql`insert into golive.livestreams (room_name, user_id, status) values ('r', 'u', 'completed'), ('r', 'u', 'failed')`);
});
