import "server-only";
// What MUX's and LiveKit's failures mean for the service: missing configuration, and their errors
// as typed errors, logged masked, never relayed (tests/integration/upstream-failures.test.ts).
import Mux from "@mux/mux-node";
import { TwirpError } from "livekit-server-sdk";
import { EnvError, livekitConfig, muxConfig, describeError } from "../config";
import { LivestreamError } from "../contract";
import { redactUpstreamText } from "../destinations";

/**
 * The one place a missing or malformed variable (EnvError) becomes the service's
 * `not_configured`; a LivestreamError passes through. Anything else: undefined.
 */
export function asServiceError(error: unknown): LivestreamError | undefined {
  if (error instanceof LivestreamError) return error;
  if (error instanceof EnvError) return new LivestreamError("not_configured", error.message, { cause: error });
  return undefined;
}

/** Reads a service's configuration; a missing variable is `not_configured`, naming it. */
export function configured<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    throw asServiceError(error) ?? error;
  }
}

/** Throws `not_configured` naming every missing MUX/LiveKit variable, before anything is written. */
export function assertUpstreamConfigured(): void {
  configured(muxConfig);
  configured(livekitConfig);
}

function isUnreachable(error: unknown): boolean {
  if (error instanceof Mux.APIConnectionError) return true; // includes timeouts
  // 429/503/504 say "not now"; other 5xx and 4xx are answers, and become 502.
  if (error instanceof Mux.APIError) return [429, 503, 504].includes(error.status ?? 0);
  if (error instanceof TwirpError) return [429, 503, 504].includes(error.status);
  // fetch's network failures and AbortSignal.timeout in the LiveKit SDK
  return error instanceof TypeError || (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError"));
}

/**
 * Wraps an upstream failure as a 502/503-class error with `message` for people, and logs
 * the cause with every stream key in `secrets` masked.
 */
export function upstreamFailure(
  service: "MUX" | "LiveKit",
  message: string,
  error: unknown,
  secrets: readonly string[] = [],
): LivestreamError {
  if (error instanceof LivestreamError) return error;
  const unreachable = isUnreachable(error);
  logUpstream(service, message, error, secrets);
  return new LivestreamError(
    unreachable ? "upstream_unavailable" : "upstream_error",
    unreachable ? `${message}: ${service} did not answer in time or is unavailable. Try again shortly.` : `${message}: ${service} refused the request.`,
  );
}

export function logUpstream(service: string, context: string, error: unknown, secrets: readonly string[] = []): void {
  const detail =
    error instanceof TwirpError
      ? `twirp ${error.status} ${String(error.code)}: ${error.message}`
      : error instanceof Mux.APIError
        ? `http ${String(error.status)}: ${error.message}`
        : describeError(error);
  console.error(`[golive] ${service}: ${context} — ${redactUpstreamText(detail, secrets)}`);
}
