// Next's control-flow throws pass through golive's error mapping untouched; everything else is
// answered (packages/golive/src/http/errors.ts; docs/architecture.md, "The host").
import { errorResponse, isNextSignal } from "@golive/next/http";
import { LivestreamError } from "@golive/next/contract";
import { expect, test, vi } from "vitest";

const withDigest = (digest: string) => Object.assign(new Error("Route /x needs to bail out of prerendering"), { digest });

test.each([
  ["a prerender stopped at request.headers", withDigest("NEXT_PRERENDER_INTERRUPTED"), true],
  ["dynamic server usage", withDigest("DYNAMIC_SERVER_USAGE"), true],
  ["redirect()", withDigest("NEXT_REDIRECT;replace;/sign-in;307;"), true],
  ["React's postpone", { $$typeof: Symbol.for("react.postpone") }, true],
  ["golive's own error", new LivestreamError("not_found", "No such broadcast."), false],
  ["a library's error", new TypeError("fetch failed"), false],
  ["a thrown string", "boom", false],
  ["null", null, false],
])("%s: a Next signal is %s", (_name, error, expected) => {
  expect(isNextSignal(error)).toBe(expected);
  const logged = vi.spyOn(console, "error").mockImplementation(() => {});
  try {
    if (expected) expect(() => errorResponse(error)).toThrow();
    else expect(errorResponse(error)).toBeInstanceOf(Response);
    // A signal is not logged as a failure; an unknown error is, once.
    expect(logged).toHaveBeenCalledTimes(expected || error instanceof LivestreamError ? 0 : 1);
  } finally {
    logged.mockRestore();
  }
});
