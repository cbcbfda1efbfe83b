// Reading a request: one body limit for the routes and the server actions (docs/architecture.md,
// "Security model"), bodies and queries validated with zod.
import type { z } from "zod";
import { badRequest, parseOrBadRequest } from "../contract";
import { ApiError } from "./errors";

/** JSON bodies of golive's routes, and its server actions' arguments as JSON, are small. */
export const MAX_JSON_BYTES = 64 * 1024;

export const tooLargeMessage = (maxBytes: number) => `The request body must be at most ${maxBytes} bytes.`;

/**
 * The size of a server action's arguments as the same input would be sent as a route's JSON
 * body. Next.js decodes more than JSON (bigint, Map, Set): those count as their JSON-like
 * form rather than throw or vanish.
 */
export function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v instanceof Map || v instanceof Set ? [...v] : v));
  return json === undefined ? 0 : Buffer.byteLength(json, "utf8");
}

/** The raw body, refused with 413 past `maxBytes` (declared or actually sent) without reading the rest. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = new ApiError("payload_too_large", tooLargeMessage(maxBytes));
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The JSON body, validated; malformed JSON and schema problems are 400s naming the field. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  const text = await readBodyText(request, MAX_JSON_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest("The request body must be valid JSON.");
  }
  return parseOrBadRequest(schema, body);
}

/** The query string, validated like a body. Repeated keys keep their last value. */
export function readQuery<T extends z.ZodType>(request: Request, schema: T): z.output<T> {
  return parseOrBadRequest(schema, Object.fromEntries(new URL(request.url).searchParams));
}
