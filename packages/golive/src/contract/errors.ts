// Typed errors of the livestream service: LivestreamError and its codes, part of the API's contract.
// The service knows nothing of HTTP; http/errors.ts maps each code to a status in one place
// (docs/architecture.md, "Module map"). Messages are for a person and never carry a secret.
import type { LivestreamErrorCode } from "./shapes";

export { livestreamErrorCodes, type LivestreamErrorCode } from "./shapes";

export class LivestreamError extends Error {
  /** When to try again, in whole seconds (a busy upstream): http/errors.ts sends it as `Retry-After`. */
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
