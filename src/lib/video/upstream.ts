import "server-only";
// The MUX and LiveKit clients, built from src/lib/env.ts, and the translation of their
// failures into the service's typed errors. Upstream messages are logged (redacted),
// never relayed: a person gets a sentence, the operator gets the cause in the log.
import Mux from "@mux/mux-node";
import { EgressClient, RoomServiceClient, TwirpError } from "livekit-server-sdk";
import { EnvError, livekitConfig, muxConfig } from "@/lib/env";
import { describeError } from "@/lib/log";
import { LivestreamError } from "./errors";
import { redact } from "./mask";

export function muxClient(): Mux {
  const { tokenId, tokenSecret, baseURL } = configured(muxConfig);
  // The SDK retries timeouts and 5xx twice; creates are tagged with `passthrough` so a
  // duplicate made by a retry can be found (DESIGN.md, facts).
  return new Mux({ tokenId, tokenSecret, baseURL, timeout: 15_000, maxRetries: 2 });
}

export function egressClient(): EgressClient {
  const { host, apiKey, apiSecret } = configured(livekitConfig);
  return new EgressClient(host, apiKey, apiSecret, { requestTimeout: 15 });
}

function configured<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof EnvError) throw new LivestreamError("not_configured", error.message, { cause: error });
    throw error;
  }
}

export function roomServiceClient(): RoomServiceClient {
  const { host, apiKey, apiSecret } = configured(livekitConfig);
  return new RoomServiceClient(host, apiKey, apiSecret, { requestTimeout: 15 });
}

/** Throws `not_configured` naming every missing MUX/LiveKit variable, before anything is written. */
export function assertUpstreamConfigured(): void {
  configured(muxConfig);
  configured(livekitConfig);
}

/** The Twirp code of a LiveKit error ("not_found", "failed_precondition", …), if it is one. */
export function twirpCode(error: unknown): string | undefined {
  return error instanceof TwirpError && typeof error.code === "string" ? error.code : undefined;
}

/** Stops an egress; "already ended" (failed_precondition / not_found) counts as stopped. */
export async function stopEgressIfRunning(egressId: string): Promise<void> {
  try {
    await egressClient().stopEgress(egressId);
  } catch (error) {
    const code = twirpCode(error);
    if (code !== "failed_precondition" && code !== "not_found") throw error;
  }
}

/** True for MUX's 404. */
export function isMuxNotFound(error: unknown): boolean {
  return error instanceof Mux.APIError && error.status === 404;
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
  console.error(`[golive] ${service}: ${context} — ${redact(detail, secrets)}`);
}
