// An upstream failure's log line masks the keys it was given and the key of every rtmp URL
// in the upstream's text, known or not (docs/architecture.md, invariant 3).
import { afterEach, expect, test, vi } from "vitest";
import { logUpstream } from "@golive/next/upstream";

afterEach(() => vi.restoreAllMocks());

test("known keys and every rtmp URL's key are masked in the log line", () => {
  const error = vi.spyOn(console, "error").mockImplementation(() => undefined);
  logUpstream("LiveKit", "could not stop egress EG_1", new Error("output rtmp://live.example.com/app/someone-elses-key-123 refused; mux key mux-key-0000-1111 gone"), ["mux-key-0000-1111"]);
  expect(error.mock.calls).toEqual([["[golive] LiveKit: could not stop egress EG_1 — Error: output rtmp://live.example.com/app/some…-123 refused; mux key mux-…1111 gone"]]);
});
