// The one browser call of the status route. Errors come back as values, never thrown, so
// the polling loop has a single place to decide what to do with them.
import "@/lib/zod-jitless";
import { broadcastStatusSchema, type BroadcastStatus, type ErrorCode, type RequestError } from "./types";
import { z } from "zod";

const errorBodySchema = z.object({ error: z.string(), code: z.string() });

export type StatusResult = { ok: true; data: BroadcastStatus } | { ok: false; error: RequestError };

const knownCodes: readonly ErrorCode[] = [
  "bad_request",
  "forbidden",
  "not_found",
  "conflict",
  "room_unavailable",
  "upstream_error",
  "upstream_unavailable",
  "not_configured",
  "unauthorized",
  "internal_error",
];

function toErrorCode(code: string): ErrorCode {
  return knownCodes.find((c) => c === code) ?? "internal_error";
}

export async function fetchBroadcastStatus(query: { id: string } | { roomName: string }, signal?: AbortSignal): Promise<StatusResult> {
  const params = new URLSearchParams("id" in query ? { id: query.id } : { roomName: query.roomName });
  let response: Response;
  try {
    response = await fetch(`/api/video/livestream/status?${params}`, { cache: "no-store", signal });
  } catch {
    return { ok: false, error: { code: "network", message: "The server could not be reached." } };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const parsed = broadcastStatusSchema.safeParse(body);
    if (parsed.success) return { ok: true, data: parsed.data };
    return { ok: false, error: { code: "internal_error", message: "The server answered with an unexpected status.", status: response.status } };
  }
  const error = errorBodySchema.safeParse(body);
  return {
    ok: false,
    error: error.success
      ? { code: toErrorCode(error.data.code), message: error.data.error, status: response.status }
      : { code: response.status === 401 ? "unauthorized" : "internal_error", message: `HTTP ${response.status}`, status: response.status },
  };
}
