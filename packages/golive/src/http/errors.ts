// The one place typed errors become HTTP, bodies `{ error, code }`, `Retry-After` when known; unknown
// failures are logged and answered 500 (docs/architecture.md, "Module map"; docs/reference/errors.md).
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

/**
 * Next's own signals thrown through a handler: a prerender stopped at its first request-time read
 * (`next build` under `cacheComponents`), redirect(), notFound(). Next's to catch, not failures
 * (docs/architecture.md, "The host"). Each carries a string `digest` (React's postpone, a
 * `$$typeof`); no error of golive's or its SDKs' does. Not `unstable_rethrow`: importing
 * next/navigation loads React's client context, which fails outside Next under react-server.
 */
export function isNextSignal(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  return typeof Reflect.get(error, "digest") === "string" || Reflect.get(error, "$$typeof") === Symbol.for("react.postpone");
}

export function errorResponse(error: unknown): Response {
  if (isNextSignal(error)) throw error;
  if (error instanceof ApiError) return errorJson(error.code, error.message);
  const known = asServiceError(error);
  if (known) {
    if (known.code === "not_configured") console.error(`[golive] ${known.message}`);
    return errorJson(known.code, known.message, known.retryAfterSeconds);
  }
  console.error(`[golive] unexpected error — ${describeError(error)}`);
  return errorJson("internal_error", "Something went wrong on our side. Please try again.");
}
