// Typed errors of the livestream service. The service speaks in these codes and knows
// nothing of HTTP; src/lib/api/errors.ts maps each code to a status in one place.
// Messages are written for a person and never carry a secret or an upstream stack.
// The codes themselves are part of the API's contract, next to the answers they come in.
import type { LivestreamErrorCode } from "./contract";

export { livestreamErrorCodes, type LivestreamErrorCode } from "./contract";

export class LivestreamError extends Error {
  constructor(
    readonly code: LivestreamErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "LivestreamError";
  }
}

export const badRequest = (message: string) => new LivestreamError("bad_request", message);
