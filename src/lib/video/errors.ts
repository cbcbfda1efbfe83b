// Typed errors of the livestream service. The service speaks in these codes and knows
// nothing of HTTP; src/lib/api/errors.ts maps each code to a status in one place.
// Messages are written for a person and never carry a secret or an upstream stack.
export const livestreamErrorCodes = [
  "bad_request", // the input is wrong; the message names the field
  "invalid_signature", // a webhook whose signature is missing, wrong or stale
  "forbidden", // signed in, but not allowed to do this (e.g. broadcast a room you are not in)
  "not_found", // no such broadcast, or not yours
  "conflict", // the room is already live, or the broadcast isn't in a state for this
  "room_unavailable", // the LiveKit room can't go live (missing, empty)
  "upstream_error", // MUX or LiveKit answered with an error
  "upstream_unavailable", // MUX or LiveKit could not be reached / timed out
  "not_configured", // credentials for MUX or LiveKit are not set
] as const;

export type LivestreamErrorCode = (typeof livestreamErrorCodes)[number];

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
