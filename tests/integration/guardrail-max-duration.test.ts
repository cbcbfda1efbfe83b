// Guardrails (docs/architecture.md, "Guardrails"), the second file: a broadcast's maximum length
// enforced by golive too, with its warning in the status answer, and the host-left window at its
// default (120 s) run by the in-process schedule. A file of its own because a broadcast's start
// is stamped by golive's wall clock: its sandbox clock must not have been advanced before.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, expect, test } from "vitest";
import { z } from "zod";
import { getDb } from "@/lib/db";
import { setGoliveClock } from "@golive/next/config";
import { livestreamStatusResultSchema, startLivestreamResultSchema } from "@golive/next/contract";
import { livestreams } from "@golive/next/db";
import { reconcile } from "@golive/next/reconcile";
import { startReconcileSchedule } from "@golive/next/reconcile";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";
import { recordedBody } from "../support/upstream-requests";

const t = useTestApp({ host: "Host", guest: "Guest" });
const control = () => t.app.sandbox.control;

beforeAll(() => setGoliveClock(() => control().now()));
afterAll(() => setGoliveClock(undefined));

async function liveRoom(room: string, extra: Record<string, unknown> = {}) {
  expect((await t.host.request("POST", "/api/rooms", { name: room })).status).toBe(201);
  control().joinRoom(room, t.guest.id);
  control().joinRoom(room, t.host.id);
  await control().settle();
  const res = await t.host.request("POST", "/api/video/livestream", { roomName: room, ...extra });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await control().settle();
  return parseBody(res, startLivestreamResultSchema);
}

const status = (id: string) => t.host.get(`/api/video/livestream/status?id=${id}`, livestreamStatusResultSchema);
const stopEgressCalls = (egressId: string) =>
  control()
    .requests({ service: "livekit", rpc: "StopEgress" })
    .filter((r) => recordedBody(r, z.looseObject({ egressId: z.string() })).egressId === egressId).length;
const muxCompletes = (liveStreamId: string) => control().requests({ service: "mux", method: "PUT", path: `/video/v1/live-streams/${liveStreamId}/complete` }).length;

test("maximum length: warned of in the status 5 minutes before, then stopped by golive as a stop does", async () => {
  const live = await liveRoom("max-room", { maxDuration: 600 });
  const db = await getDb();
  const [row] = await db.select().from(livestreams).where(eq(livestreams.id, live.livestreamId));
  // MUX's live_stream.active said the stream's max_continuous_duration.
  expect(row?.maxDurationSeconds).toBe(600);
  const startedAt = row?.startedAt;
  if (!startedAt) throw new Error("not started");
  // golive ends it a minute (a tenth, for shorter ones) before MUX's own cut, which would fail it.
  const endsAt = new Date(startedAt.getTime() + 540_000);
  expect((await status(live.livestreamId)).guardrail).toBeNull();

  // Until 5 minutes before the maximum, no warning…
  await control().advance(endsAt.getTime() - 300_000 - control().now() - 1000);
  expect((await status(live.livestreamId)).guardrail).toBeNull();
  // …then the warning, with the end.
  await control().advance(2000);
  expect((await status(live.livestreamId)).guardrail).toEqual({ kind: "max-duration", endsAt });
  expect((await reconcile()).ended).toEqual([]);

  // Reached: stopped, not failed.
  await control().advance(endsAt.getTime() - control().now() + 500);
  expect((await reconcile()).ended).toEqual([{ id: live.livestreamId, status: "completed" }]);
  expect(stopEgressCalls(live.egressId)).toBe(1);
  expect(muxCompletes(live.muxLiveStreamId)).toBe(1);
  await control().settle();
  const ended = await status(live.livestreamId);
  expect({ status: ended.status, endReason: ended.endReason, failureReason: ended.failureReason, guardrail: ended.guardrail }).toEqual({
    status: "completed",
    endReason: "Stopped: the broadcast reached its maximum length (10 minutes)",
    failureReason: null,
    guardrail: null,
  });
});

test("host gone, at the default window (2 minutes), stopped by the in-process schedule's reconcile", async () => {
  const live = await liveRoom("scheduled-room");
  control().leaveRoom("scheduled-room", t.host.id);
  await control().settle();
  expect((await status(live.livestreamId)).guardrail?.kind).toBe("host-left");
  await control().advance(122_000);
  const schedule = startReconcileSchedule(1, { holder: "guardrail-test" });
  try {
    for (let i = 0; i < 100 && (await status(live.livestreamId)).status !== "completed"; i++) await new Promise((r) => setTimeout(r, 100));
  } finally {
    schedule.stop();
  }
  const ended = await status(live.livestreamId);
  expect({ status: ended.status, endReason: ended.endReason }).toEqual({ status: "completed", endReason: "Stopped: no host in the room for 2 minutes" });
  expect(stopEgressCalls(live.egressId)).toBe(1);
});
