// Typed errors of the livestream service. The service speaks in these codes and knows
// nothing of HTTP; src/lib/api/errors.ts maps each code to a status in one place.
// Messages are written for a person and never carry a secret or an upstream stack.
// The codes themselves are part of the API's contract, next to the answers they come in.
import type { LivestreamErrorCode } from "./shapes";

export { livestreamErrorCodes, type LivestreamErrorCode } from "./shapes";

export class LivestreamError extends Error {
  /** When to try again, in whole seconds (a busy upstream): src/lib/api/errors.ts sends it as `Retry-After`. */
  readonly retryAfterSeconds: number | undefined;
  constructor(
    readonly code: LivestreamErrorCode,
    message: string,
    options?: { cause?: unknown; retryAfterSeconds?: number },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = "LivestreamError";
    this.retryAfterSeconds = options?.retryAfterSeconds;
  }
}

export const badRequest = (message: string) => new LivestreamError("bad_request", message);
