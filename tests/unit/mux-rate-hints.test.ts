// How a MUX 429 becomes a wait (packages/golive/src/upstream/mux.ts `rateLimitedFor`, used by mux-pace.ts):
// retry-after-ms first, then retry-after in seconds or as an HTTP date; none → undefined (the
// pace waits one interval); anything but a 429 → null. And which failed creates are retried.
import { APIConnectionError, APIError } from "@mux/mux-node";
import { describe, expect, test } from "vitest";
import { isRetryableCreateFailure, rateLimitedFor, muxBusy, retryAfterSeconds } from "@golive/next/upstream";

const apiError = (status: number, headers: Record<string, string> = {}) => APIError.generate(status, { errors: ["x"] }, undefined, new Headers(headers));

describe("rateLimitedFor", () => {
  const inTenSeconds = new Date(Date.now() + 10_000).toUTCString();
  test.each([
    ["retry-after-ms wins", { "retry-after-ms": "250", "retry-after": "3" }, 250],
    ["retry-after in seconds", { "retry-after": "2" }, 2000],
    ["no hint at all (MUX often sends none)", {}, undefined],
    ["a garbled retry-after-ms falls back to retry-after", { "retry-after-ms": "soon", "retry-after": "1" }, 1000],
  ])("%s", (_name, headers, expected) => {
    expect(rateLimitedFor(apiError(429, headers))).toBe(expected);
  });

  test("retry-after as an HTTP date", () => {
    const ms = rateLimitedFor(apiError(429, { "retry-after": inTenSeconds })) ?? 0;
    expect(ms).toBeGreaterThan(8000);
    expect(ms).toBeLessThanOrEqual(10_000);
  });

  test.each([[500], [503], [404], [400]])("a %i is not a rate limit", (status) => {
    expect(rateLimitedFor(apiError(status, { "retry-after": "1" }))).toBeNull();
  });
  test("nor is a failure without an answer", () => {
    expect(rateLimitedFor(new APIConnectionError({ message: "down" }))).toBeNull();
  });
});

describe("isRetryableCreateFailure: what the SDK retried by itself", () => {
  test.each([
    [apiError(408), true],
    [apiError(409), true],
    [apiError(500), true],
    [apiError(503), true],
    [new APIConnectionError({ message: "down" }), true],
    [apiError(400), false],
    [apiError(401), false],
    [apiError(429), false], // rateLimitedFor's: retried through the queue, not counted here
    [new Error("bug"), false],
  ])("%s → %s", (error, retried) => {
    expect(isRetryableCreateFailure(error)).toBe(retried);
  });
});

describe("muxBusy: the 503 a queued-out go-live gets", () => {
  test.each([
    [1, 1],
    [999, 1],
    [1000, 1],
    [1001, 2],
    [9500, 10],
  ])("%i ms ahead → Retry-After %i", (ms, seconds) => {
    expect(retryAfterSeconds(ms)).toBe(seconds);
    const error = muxBusy(ms);
    expect(error).toMatchObject({ code: "upstream_unavailable", retryAfterSeconds: seconds });
    expect(error.message).toContain(`Try again in ${seconds} s`);
  });
});
