// The broadcast lifecycle as a table (packages/golive/src/livestream/status.ts, docs/architecture.md
// "Broadcast lifecycle"): exactly these edges exist, and nothing leaves a final status.
import { expect, test } from "vitest";
import { livestreamStatuses, type LivestreamStatus } from "@golive/next/db";
import { allowedFrom, canTransition, isFinal } from "@golive/next/livestream";

const edges: readonly [LivestreamStatus, LivestreamStatus][] = [
  ["starting", "active"], // MUX says media arrived (webhook or reconcile)
  ["starting", "stopping"], // a stop claims a row still starting
  ["active", "stopping"],
  ["stopping", "completed"], // the stop finished (API or reconcile)
  ["starting", "completed"], // the egress ended normally (EGRESS_COMPLETE)
  ["active", "completed"],
  ["starting", "failed"], // upstream failure, egress failed, a start that died
  ["active", "failed"],
  ["stopping", "failed"], // the stop could not stop the egress
];

test("every edge of the lifecycle is allowed", () => {
  for (const [from, to] of edges) expect(canTransition(from, to), `${from} → ${to}`).toBe(true);
});

test("every other pair is refused, including staying put and going backwards", () => {
  const allowed = new Set(edges.map(([from, to]) => `${from}→${to}`));
  for (const from of livestreamStatuses) {
    for (const to of livestreamStatuses) {
      if (!allowed.has(`${from}→${to}`)) expect(canTransition(from, to), `${from} → ${to}`).toBe(false);
    }
  }
});

test("completed and failed are final; starting is only ever inserted; idle is never written", () => {
  expect(isFinal("completed")).toBe(true);
  expect(isFinal("failed")).toBe(true);
  for (const status of ["starting", "active", "stopping"] as const) expect(isFinal(status)).toBe(false);
  expect(allowedFrom.starting).toEqual([]);
  expect(allowedFrom.idle).toEqual([]);
});

test("the table names every status", () => {
  expect(Object.keys(allowedFrom).sort()).toEqual([...livestreamStatuses].sort());
});
