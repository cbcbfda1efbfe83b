// zod at the edge: every problem becomes one 400 whose message names the field
// (docs/reference/errors.md).
import type { z } from "zod";
import { badRequest } from "./errors";

/** Parses a zod result into the service's 400, naming the field of each problem. */
export function parseOrBadRequest<T extends z.ZodType>(schema: T, input: unknown): z.output<T> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw badRequest(formatIssues(result.error));
}

export function formatIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => {
      const path = issue.path.map((p, i) => (typeof p === "number" ? `[${p}]` : `${i > 0 ? "." : ""}${String(p)}`)).join("");
      return path && !issue.message.startsWith(path) ? `${path}: ${issue.message}` : issue.message;
    })
    .join(" ");
}
