// The soak's database: a fresh, migrated one on the loopback Postgres server DATABASE_URL
// names (dropped at the end), and what it holds once the run is over. docs/benchmarks.md, "Soak".
import postgres from "postgres";
import type { Sandbox } from "@golive/sandbox";
import { readEnv } from "../../src/lib/env";
import { createMigratedDatabase } from "../lib/bench-database";
import type { SoakSnapshot } from "./invariants";
import { hex } from "./options";
import { addSecret, fail } from "./tally";

const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

export function databaseServer(): string {
  let url: string;
  try {
    url = readEnv(["DATABASE_URL"]).DATABASE_URL ?? DEFAULT_DATABASE_URL;
  } catch (error) {
    fail(error instanceof Error ? error.message : "DATABASE_URL is invalid");
  }
  const host = new URL(url).hostname;
  // The soak dials nothing but loopback; a remote server would also share its load with others.
  if (!LOOPBACK_HOSTS.has(host)) fail(`DATABASE_URL must name a Postgres server on 127.0.0.1 (it names ${host}): the soak dials loopback only`);
  return url;
}

export type Database = { url: string; sql: postgres.Sql; drop: () => Promise<void> };

export async function freshDatabase(serverUrl: string): Promise<Database> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin`select 1`;
  } catch (error) {
    await admin.end({ timeout: 1 }).catch(() => {});
    const why = error instanceof Error ? error.message : String(error);
    fail(
      `can't reach the Postgres server DATABASE_URL names (${new URL(serverUrl).host}): ${why}.\n` +
        "The soak runs two app processes on one database, so it needs a Postgres server (embedded PGlite can't be shared by two processes).\n" +
        "Start one (CI: pg_ctlcluster <version> main start) or set DATABASE_URL=postgres://user@127.0.0.1:5432/postgres.",
    );
  }
  const name = `golive_soak_${hex(4)}`;
  const url = await createMigratedDatabase(admin, serverUrl, name);
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  return {
    url,
    sql,
    drop: async () => {
      await sql.end({ timeout: 2 }).catch(() => {});
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}


/** The rows and pool slots, beside the sandbox's egresses, streams and assets; every stream key in them is a secret. */
export async function readSnapshot(sql: postgres.Sql, sandbox: Sandbox): Promise<SoakSnapshot> {
  const rows = await sql<
    { id: string; status: string; room_name: string; egress_id: string | null; mux_live_stream_id: string | null; mux_asset_id: string | null; mux_stream_key: string | null; sealed: boolean }[]
  >`select id, status, room_name, egress_id, mux_live_stream_id, mux_asset_id, mux_stream_key, destination_urls_sealed is not null as sealed from golive.livestreams`;
  for (const row of rows) addSecret("MUX stream key", row.mux_stream_key);
  const slots = await sql<{ id: string; state: string; mux_live_stream_id: string | null; mux_stream_key: string | null }[]>`select id, state, mux_live_stream_id, mux_stream_key from golive.mux_stream_pool`;
  for (const slot of slots) addSecret("MUX stream key", slot.mux_stream_key);
  return {
    rows: rows.map((r) => ({ id: r.id, status: r.status, roomName: r.room_name, egressId: r.egress_id, muxLiveStreamId: r.mux_live_stream_id, muxAssetId: r.mux_asset_id, sealedUrls: r.sealed })),
    poolSlots: slots.map((s) => ({ id: s.id, state: s.state, muxLiveStreamId: s.mux_live_stream_id })),
    egresses: sandbox.control.egresses(),
    streams: sandbox.control.muxLiveStreams(),
    assets: sandbox.control.muxAssets(),
  };
}
