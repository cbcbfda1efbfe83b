import { DrizzleQueryError } from "drizzle-orm/errors";
import { expect, test } from "vitest";
import { describeError } from "@golive/next/config";

test("a failed query is logged without its parameters (they may be stream keys or tokens)", () => {
  const key = "live_secret_stream_key_0123456789";
  const error = new DrizzleQueryError("update livestreams set mux_stream_key = $1", [key], new Error("connection terminated"));
  expect(error.message).toContain(key); // what drizzle would have printed
  expect(describeError(error)).toBe("database query failed: connection terminated");
});

test("other errors keep their name and message", () => {
  expect(describeError(new TypeError("fetch failed"))).toBe("TypeError: fetch failed");
  expect(describeError({ some: "object" })).toBe("a non-Error value was thrown");
});
