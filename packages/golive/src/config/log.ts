// What an error may say in a log line: only the driver's own message, since Drizzle's query errors
// carry the query's parameters (docs/architecture.md, "Invariants", 3).
import { DrizzleQueryError } from "drizzle-orm/errors";

export function describeError(error: unknown): string {
  if (error instanceof DrizzleQueryError) {
    return `database query failed: ${error.cause instanceof Error ? error.cause.message : "no driver message"}`;
  }
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return typeof error === "string" ? error : "a non-Error value was thrown";
}
