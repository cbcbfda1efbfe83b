// The studio panel's guardrail countdown (docs/architecture.md, "Guardrails"): the seconds left by
// the server's clock, ticking on the browser's, and the words it shows and speaks.
import { expect, test } from "vitest";
import { guardrailText, secondsLeft } from "@golive/next/ui";

const startedAt = new Date("2026-12-01T10:00:00.000Z");
// The read: 60 s live by the server's clock. The browser's clock is 10 minutes ahead.
const read = { startedAt, duration: 60 };
const fetchedAt = startedAt.getTime() + 60_000 + 600_000;

test("seconds left are the server's, counted down by the browser's clock since the read", () => {
  const hostLeft = { kind: "host-left" as const, endsAt: new Date(startedAt.getTime() + 152_000) };
  expect(secondsLeft(hostLeft, read, fetchedAt, fetchedAt)).toBe(92);
  expect(secondsLeft(hostLeft, read, fetchedAt, fetchedAt + 2_000)).toBe(90);
  expect(secondsLeft(hostLeft, read, fetchedAt, fetchedAt + 500_000)).toBe(0);
  // Not started yet: the browser's clock at the read stands in for the server's.
  expect(secondsLeft({ kind: "host-left", endsAt: new Date(fetchedAt + 30_000) }, { startedAt: null, duration: null }, fetchedAt, fetchedAt)).toBe(30);
});

test("what it says", () => {
  expect(guardrailText({ kind: "host-left", endsAt: startedAt }, 92)).toEqual({ shown: "Ends in 1:32 unless a host returns", spoken: "Ends in 1 minute 32 seconds unless a host returns" });
  expect(guardrailText({ kind: "max-duration", endsAt: startedAt }, 300)).toEqual({
    shown: "This broadcast ends in 5:00 (maximum length)",
    spoken: "This broadcast ends in 5 minutes (maximum length)",
  });
});
