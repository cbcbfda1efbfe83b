// ORDER BY terms spelled exactly as golive's list indexes are built. drizzle's index builder
// writes `.desc()` as `DESC NULLS LAST`, but `desc()` in a query is plain `DESC`, which Postgres
// reads as NULLS FIRST: a different order, so the index can't give it and every list sorted all
// of a user's rows (docs/architecture.md, "Tables"; tests/integration/list-plans.test.ts).
import { type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/** `col desc nulls last`: the order of an index column declared `.desc()`. */
export const descNullsLast = (column: AnyPgColumn): SQL => sql`${column} desc nulls last`;
