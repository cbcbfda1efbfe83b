// The one browser call of the status route; errors come back as values, never thrown
// (docs/reference/api.md).
import "../../contract/client";
import { apiErrorBodySchema, apiErrorCodeSchema, livestreamStatusResultSchema, type LivestreamStatusResult } from "../../contract/client";
import type { RequestError } from "./types";

export type StatusResult = { ok: true; data: LivestreamStatusResult } | { ok: false; error: RequestError };

// A code this page doesn't know yet (a newer server) still brings its sentence; the code
// itself is read as the generic one.
const errorBodySchema = apiErrorBodySchema.extend({ code: apiErrorCodeSchema.catch("internal_error") });

export async function fetchLivestreamStatus(query: { id: string } | { roomName: string }, signal?: AbortSignal): Promise<StatusResult> {
  const params = new URLSearchParams("id" in query ? { id: query.id } : { roomName: query.roomName });
  let response: Response;
  try {
    response = await fetch(`/api/video/livestream/status?${params}`, { cache: "no-store", signal });
  } catch {
    return { ok: false, error: { code: "network", message: "The server could not be reached." } };
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok) {
    const parsed = livestreamStatusResultSchema.safeParse(body);
    if (parsed.success) return { ok: true, data: parsed.data };
    return { ok: false, error: { code: "internal_error", message: "The server answered with an unexpected status.", status: response.status } };
  }
  const error = errorBodySchema.safeParse(body);
  return {
    ok: false,
    error: error.success
      ? { code: error.data.code, message: error.data.error, status: response.status }
      : { code: response.status === 401 ? "unauthorized" : "internal_error", message: `HTTP ${response.status}`, status: response.status },
  };
}
