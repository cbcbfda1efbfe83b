// What every section of bench:scale works on: the app and its sandbox, the "Fleet" user, the
// database and the report's table. docs/benchmarks.md, "Fleet scale".
import type { getDb } from "@/lib/db";
import type { TestApp, TestUser } from "../lib/harness/test-app";

export const RECONCILE_SECRET = "bench-scale-reconcile-secret";

/** The table, section by section: (a), (b), (c). */
export type Table = { a: string[][]; b: string[][]; c: string[][] };

export type BenchScale = { app: TestApp; control: TestApp["sandbox"]["control"]; user: TestUser; db: Awaited<ReturnType<typeof getDb>>; table: Table };

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const ms = (x: number) => `${x.toFixed(0)} ms`;
