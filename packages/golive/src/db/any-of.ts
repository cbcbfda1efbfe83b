// A column matched against a list passed as ONE array parameter. drizzle's `inArray` sends one
// parameter per value, and Postgres's protocol (postgres.js, PGlite) refuses a statement with more
// than 65,534: reconcile's snapshot of running egresses can be longer than that
// (docs/architecture.md, "Reconcile at fleet scale"; tests/integration/reconcile-at-scale.test.ts).
import { Param, type SQL, sql } from "drizzle-orm";
import type { AnyPgColumn } from "drizzle-orm/pg-core";

/** `column = any($1::<type>[])`, `values` in the one parameter. */
export const anyOf = (column: AnyPgColumn, values: readonly string[], type: "text" | "uuid" = "text"): SQL =>
  sql`${column} = any(${new Param([...values])}::${sql.raw(type)}[])`;
