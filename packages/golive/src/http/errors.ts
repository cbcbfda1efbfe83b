// The one place typed errors become HTTP, bodies `{ error, code }`, `Retry-After` when known; unknown
// failures are logged and answered 500 (docs/architecture.md, "Module map"; docs/reference/errors.md).
import { unstable_rethrow } from "next/navigation";
import { describeError } from "../config";
import type { ApiErrorBody, ApiErrorCode } from "../contract";
import { asServiceError } from "../upstream";

/** An HTTP-level refusal raised by the route helpers (the service never raises these). */
export class ApiError extends Error {
  constructor(
    readonly code: ApiErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

// A Record over the contract's codes: a code added there without a status here fails to compile.
const statusOf: Record<ApiErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  invalid_signature: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_many: 429,
  payload_too_large: 413,
  room_unavailable: 422,
  upstream_error: 502,
  upstream_unavailable: 503,
  not_configured: 503,
  internal_error: 500,
};

/** The error answer; `retryAfterSeconds` (a busy upstream 503, a rate 429) becomes the `Retry-After` header — the one place it does. */
export function errorJson(code: ApiErrorCode, message: string, retryAfterSeconds?: number): Response {
  const headers = retryAfterSeconds === undefined ? undefined : { "retry-after": String(Math.max(1, Math.ceil(retryAfterSeconds))) };
  const body: ApiErrorBody = { error: message, code };
  return Response.json(body, { status: statusOf[code], headers });
}

export function errorResponse(error: unknown): Response {
  // Next's own signals (a prerender that must stop at request.headers, redirect, notFound) are
  // thrown through handlers; they are Next's to catch, not failures (scripts/test-install, docs/architecture.md "The host").
  unstable_rethrow(error);
  if (error instanceof ApiError) return errorJson(error.code, error.message);
  const known = asServiceError(error);
  if (known) {
    if (known.code === "not_configured") console.error(`[golive] ${known.message}`);
    return errorJson(known.code, known.message, known.retryAfterSeconds);
  }
  console.error(`[golive] unexpected error — ${describeError(error)}`);
  return errorJson("internal_error", "Something went wrong on our side. Please try again.");
}
