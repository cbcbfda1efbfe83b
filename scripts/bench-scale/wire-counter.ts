// What go-live sends Postgres, for bench:scale (c): the app's database handle opened here on a
// socket that counts the client's writes (each is a round trip: the client sends, then waits) and
// with postgres.js's `debug` hook counting statements, put where the app keeps its handle
// (src/lib/db/index.ts) before the app opens its own. docs/benchmarks.md, "Go-live's own work".
import net from "node:net";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";

export type WireCounts = { statements: number; roundTrips: number };

/** Installs the counting handle on the Postgres server at `url`; `read()` is the running total. */
export function installWireCounter(url: string): { read: () => WireCounts } {
  const counts: WireCounts = { statements: 0, roundTrips: 0 };
  // postgres.js takes a `socket` maker (used as connected) though its types leave it out.
  const socket = ({ host, port }: { host: string[]; port: number[] }) =>
    new Promise<net.Socket>((resolve, reject) => {
      const connection = net.connect(port[0] ?? 5432, host[0] ?? "127.0.0.1", () => resolve(connection));
      connection.once("error", reject);
      const write = connection.write.bind(connection) as (...args: unknown[]) => boolean;
      connection.write = ((...args: unknown[]) => {
        counts.roundTrips += 1;
        return write(...args);
      }) as typeof connection.write;
    });
  const options = {
    max: 10,
    onnotice: () => {},
    debug: () => {
      counts.statements += 1;
    },
    socket,
  };
  const client = postgres(url, options);
  const shared = globalThis as typeof globalThis & { __goliveDb?: Promise<{ db: unknown; close: () => Promise<void> }> };
  shared.__goliveDb = Promise.resolve({ db: drizzle(client), close: () => client.end({ timeout: 5 }) });
  return { read: () => ({ ...counts }) };
}
