// Rows of a raw `db.execute`, whichever driver the host lent (docs/architecture.md, "The host").
import { z } from "zod";

/** The rows of a raw `db.execute`: postgres.js answers an array of rows, PGlite `{ rows }`. */
export function rowsOf(result: unknown): unknown[] {
  if (Array.isArray(result)) return result;
  const rows = z.object({ rows: z.array(z.unknown()) }).safeParse(result);
  return rows.success ? rows.data.rows : [];
}
