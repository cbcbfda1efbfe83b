// The one browser call of the status route; errors come back as values, never thrown
// (docs/reference/api.md).
import "../../contract/client";
import { apiErrorBodySchema, apiErrorCodeSchema, isLive, listLivestreamsResultSchema, livestreamStatusResultSchema, type LivestreamStatusResult } from "../../contract/client";
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

const nothingLive: StatusResult = { ok: false, error: { code: "not_found", message: "Nothing is live in this room.", status: 404 } };

/**
 * The status of the caller's live broadcast in `roomName`, found through the list (its newest
 * broadcast there), so a room with nothing live answers 200 with none instead of a 404 that the
 * browser logs on every room page; then its status by id. Nothing live: `not_found`, as the
 * status route by room says it.
 */
export async function discoverLivestreamStatus(roomName: string, signal?: AbortSignal): Promise<StatusResult> {
  let response: Response;
  try {
    response = await fetch(`/api/video/livestream?${new URLSearchParams({ roomName, limit: "1" })}`, { cache: "no-store", signal });
  } catch {
    return { ok: false, error: { code: "network", message: "The server could not be reached." } };
  }
  if (!response.ok) return fetchLivestreamStatus({ roomName }, signal);
  const parsed = listLivestreamsResultSchema.safeParse(await response.json().catch(() => null));
  if (!parsed.success) return { ok: false, error: { code: "internal_error", message: "The server answered with an unexpected list.", status: response.status } };
  const newest = parsed.data.livestreams[0];
  return newest && isLive(newest.status) ? fetchLivestreamStatus({ id: newest.id }, signal) : nothingLive;
}
