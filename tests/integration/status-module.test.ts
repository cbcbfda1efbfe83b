// packages/golive/src/livestream/status.ts against the real database: its guarded update refuses what the
// lifecycle table refuses, a sandbox restart fails exactly the broadcasts that were still
// live, and the list answers the public shape.
import { eq } from "drizzle-orm";
import { expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { type Livestream, type LivestreamStatus, livestreams } from "@golive/next/db";
import {
  listLivestreams,
  SANDBOX_RESTART_REASON,
  settleAfterSandboxRestart,
  transition,
} from "@golive/next/livestream";
import { useTestDatabase } from "../support/test-file";

useTestDatabase();

let rooms = 0;
async function row(status: LivestreamStatus, values: Partial<Livestream> = {}): Promise<Livestream> {
  const db = await getDb();
  const [inserted] = await db
    .insert(livestreams)
    .values({ roomName: `status-room-${++rooms}`, userId: "status-user", status, ...values })
    .returning();
  if (!inserted) throw new Error("insert failed");
  return inserted;
}

async function reread(id: string): Promise<Livestream | undefined> {
  const db = await getDb();
  const [found] = await db.select().from(livestreams).where(eq(livestreams.id, id));
  return found;
}

test("a transition the table allows happens once; one it refuses changes nothing", async () => {
  const live = await row("starting");
  expect((await transition({ id: live.id }, { to: "active" }))?.status).toBe("active");
  expect(await transition({ id: live.id }, { to: "active" })).toBeUndefined(); // active → active: not an edge

  const ended = await row("completed", { endedAt: new Date(0) });
  expect(await transition({ id: ended.id }, { to: "failed", reason: "late" })).toBeUndefined();
  expect(await reread(ended.id)).toMatchObject({ status: "completed", failureReason: null, endedAt: new Date(0) });
});

test("a failure's reason is stored with stream keys masked", async () => {
  const key = "sk-0123456789abcdef";
  const live = await row("active", { muxStreamKey: key });
  const failed = await transition({ id: live.id }, { to: "failed", reason: `MUX said: rtmp://global-live.mux.com/app/${key}`, secrets: [key] });
  expect(failed?.status).toBe("failed");
  expect(failed?.failureReason).not.toContain(key);
  expect(failed?.endedAt).toBeInstanceOf(Date);
});

// Every end goes through here (stop, egress ended, reconcile, sandbox restart), so every end
// erases the sealed destination URLs: other people's keys are kept only while live.
test.each<[LivestreamStatus, "completed" | "failed"]>([
  ["starting", "failed"],
  ["active", "completed"],
  ["active", "failed"],
  ["stopping", "completed"],
])("%s → %s erases the sealed destination URLs; the move to stopping keeps them", async (from, to) => {
  const live = await row(from, { destinationUrlsSealed: "v1.sealed.urls.here" });
  if (from !== "stopping") expect((await transition({ id: live.id }, { to: "stopping" }))?.destinationUrlsSealed).toBe("v1.sealed.urls.here");
  const ended = await transition({ id: live.id }, to === "failed" ? { to, reason: "gone" } : { to });
  expect(ended?.destinationUrlsSealed).toBeNull();
  expect((await reread(live.id))?.destinationUrlsSealed).toBeNull();
});

test("a sandbox restart erases them too", async () => {
  const live = await row("active", { destinationUrlsSealed: "v1.sealed.urls.here" });
  await settleAfterSandboxRestart();
  expect(await reread(live.id)).toMatchObject({ status: "failed", destinationUrlsSealed: null });
});

test("a caller can narrow the from-states, never widen them", async () => {
  const live = await row("active");
  expect(await transition({ id: live.id }, { to: "completed" }, { from: ["stopping"] })).toBeUndefined();
  expect((await reread(live.id))?.status).toBe("active");
  // @ts-expect-error completed → active is not an edge of the lifecycle
  await expect(transition({ id: live.id }, { to: "active" }, { from: ["completed"] })).rejects.toThrow(/never moves from completed to active/);
});

test("after a sandbox restart, every starting/active/stopping broadcast is failed with the reason; ended ones are untouched", async () => {
  const db = await getDb();
  await db.delete(livestreams);
  const live = await Promise.all((["starting", "active", "stopping"] as const).map((s) => row(s)));
  const completedAt = new Date("2026-01-02T03:04:05Z");
  const completed = await row("completed", { endedAt: completedAt, updatedAt: completedAt });
  const failed = await row("failed", { failureReason: "The LiveKit egress failed.", endedAt: completedAt, updatedAt: completedAt });

  const settled = await settleAfterSandboxRestart();
  expect(settled.sort()).toEqual(live.map((r) => r.id).sort());
  for (const r of live) {
    expect(await reread(r.id)).toMatchObject({ status: "failed", failureReason: SANDBOX_RESTART_REASON, endedAt: expect.any(Date) });
  }
  expect(await reread(completed.id)).toEqual(completed);
  expect(await reread(failed.id)).toEqual(failed);
  // Each room is free again: a new broadcast may start there.
  expect(await row("starting", { roomName: live[0]?.roomName })).toMatchObject({ status: "starting" });
  // Nothing left to settle twice.
  await db.delete(livestreams).where(eq(livestreams.status, "starting"));
  expect(await settleAfterSandboxRestart()).toEqual([]);
});

test("listLivestreams answers the public shape: no stream key, ingest URL or bookkeeping", async () => {
  await row("active", { userId: "lister", muxStreamKey: "sk-secret-key-123456", rtmpUrl: "rtmp://global-live.mux.com/app/sk-secret-key-123456", muxPlaybackId: "pb1" });
  const [listed] = await listLivestreams("lister");
  expect(listed).toBeDefined();
  for (const hidden of ["muxStreamKey", "rtmpUrl", "userId", "viewersCheckedAt", "reconcileLeaseUntil", "egressUpdatedAt"]) {
    expect(listed).not.toHaveProperty(hidden);
  }
  expect(listed?.playbackUrl).toContain("pb1");
  expect(JSON.stringify(listed)).not.toContain("sk-secret-key-123456");
});
