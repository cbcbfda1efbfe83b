// Hot statements as prepared statements: one round trip and no re-planning once a connection has
// seen them, where drizzle's builder sends each as an unnamed statement (Parse/Describe, wait,
// Bind/Execute) (docs/architecture.md, "Statements on the hot paths").
import { createHash } from "node:crypto";

/** A drizzle query that can be prepared: a select, insert, update or delete builder. */
type Preparable<R> = { toSQL(): { sql: string }; prepare(name: string): { execute(): Promise<R> } };

/**
 * Runs `query` as a prepared statement named for its SQL text. node-postgres keys statements
 * by name and refuses one name for two texts, postgres.js by text: a name of the text itself
 * is right for both. Only for queries of one shape (no list whose length varies), so a
 * connection holds a bounded set of statements. A host whose pooler can't keep them opts out
 * on its client (postgres.js `prepare: false`), which drizzle's flag doesn't override.
 */
export function prepared<R>(query: Preparable<R>): Promise<R> {
  const name = `golive_${createHash("sha256").update(query.toSQL().sql).digest("hex").slice(0, 24)}`;
  return query.prepare(name).execute();
}
