// The warm pool of MUX live streams (packages/golive/src/upstream/pool-*.ts; docs/architecture.md, "MUX
// at fleet scale"): filled by reconcile with exactly go-live's default settings, claimed by
// go-live with no MUX call at the click, refilled after use, trimmed, repaired after a crash,
// and never taken for an orphan by reconcile. Real route handlers over HTTP, the sandbox's MUX.
import Mux from "@mux/mux-node";
import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { livestreams, muxStreamPool } from "@golive/next/db";
import { poolRefillsSettled, takePooledStream } from "@golive/next/upstream";
import { startLivestreamResultSchema, reconcileReportSchema } from "@golive/next/contract";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";
import { passthroughOf, plainLiveStreamBody } from "../support/upstream-requests";

const RECONCILE_SECRET = "reconcile-secret-for-pool-tests";
const SIZE = 3;
const t = useTestApp(
  { host: "Host" },
  // 50 POSTs/s against the sandbox's unlimited MUX: refills take milliseconds, not seconds.
  { env: { RECONCILE_SECRET, MUX_STREAM_POOL_SIZE: String(SIZE), MUX_POSTS_PER_SECOND: "50" } },
);

let mux: Mux;
beforeAll(() => {
  mux = new Mux({ tokenId: t.app.credentials.muxTokenId, tokenSecret: t.app.credentials.muxTokenSecret, baseURL: t.app.sandbox.muxBaseUrl });
});
afterEach(async () => {
  process.env.MUX_STREAM_POOL_SIZE = String(SIZE);
  await poolRefillsSettled();
});


const control = () => t.app.sandbox.control;
const creates = () => control().requests({ service: "mux", method: "POST", path: "/video/v1/live-streams" });
const aged = () => new Date(Date.now() - 10 * 60_000);

/** The route a cron calls; every run tops the pool up. */
async function reconcileRun() {
  const res = await t.app.anonymous.request("POST", "/api/video/livestream/reconcile", undefined, { authorization: `Bearer ${RECONCILE_SECRET}` });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return parseBody(res, reconcileReportSchema);
}

async function slots() {
  const db = await getDb();
  return db.select().from(muxStreamPool).orderBy(muxStreamPool.createdAt, muxStreamPool.id);
}
const readyStreams = async () => (await slots()).filter((s) => s.state === "ready").map((s) => s.muxLiveStreamId ?? "");

async function rowById(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(livestreams).where(eq(livestreams.id, id));
  return row;
}

async function goLive(room: string, extra: Record<string, unknown> = {}) {
  control().joinRoom(room, t.host.id);
  return t.host.request("POST", "/api/video/livestream", { roomName: room, ...extra });
}
async function stop(room: string) {
  const res = await t.host.request("DELETE", "/api/video/livestream", { roomName: room });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

/** A full pool, whatever the previous test left. */
async function fullPool(): Promise<string[]> {
  await reconcileRun();
  await poolRefillsSettled();
  const ready = await readyStreams();
  expect(ready).toHaveLength(SIZE);
  return ready;
}

describe("filling", () => {
  test("a reconcile run fills the pool with streams of go-live's default settings, tagged pool:<slot>", async () => {
    const before = creates().length;
    const report = await reconcileRun();
    expect(report.pool.made).toBe(SIZE);
    expect(report.errors).toBe(0);

    const made = creates().slice(before);
    expect(made).toHaveLength(SIZE);
    const all = await slots();
    for (const request of made) {
      expect(request.status).toBe(201);
      // Exactly what createLiveStream sends for a go-live that asks for nothing else.
      expect(request.body).toEqual(plainLiveStreamBody(expect.stringMatching(/^pool:[0-9a-f-]{36}$/)));
      const slotId = passthroughOf(request).slice("pool:".length);
      expect(all.find((s) => s.id === slotId)).toMatchObject({ state: "ready", muxLiveStreamId: expect.any(String), muxStreamKey: expect.any(String) });
    }
    // A second run finds it full: no POST.
    const again = creates().length;
    expect((await reconcileRun()).pool.made).toBe(0);
    expect(creates()).toHaveLength(again);
  });
});

describe("claiming", () => {
  test("go-live makes no MUX POST at the click; the row links the pooled stream; the pool refills", async () => {
    const ready = await fullPool();
    const before = creates().length;
    const res = await goLive("pool-claim");
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const started = parseBody(res, startLivestreamResultSchema);

    // The oldest ready stream, linked to the row with its key and playback id.
    expect(started.muxLiveStreamId).toBe(ready[0]);
    const row = await rowById(started.livestreamId);
    expect(row).toMatchObject({ muxLiveStreamId: ready[0], muxPlaybackId: started.muxPlaybackId, muxStreamKey: expect.any(String) });
    // No POST carried this broadcast's id: any POST since is a refill of the pool.
    expect(creates().slice(before).map((r) => passthroughOf(r))).toEqual(creates().slice(before).map(() => expect.stringMatching(/^pool:/)));
    // The slot's delete ran beside the egress call, but the go-live waited for it before answering.
    expect((await slots()).filter((s) => s.state === "claimed")).toEqual([]);
    // The claimed slot is gone (the row owns the stream); the pool is full again.
    await poolRefillsSettled();
    const after = await slots();
    expect(after.filter((s) => s.muxLiveStreamId === started.muxLiveStreamId)).toEqual([]);
    expect(after.filter((s) => s.state === "ready")).toHaveLength(SIZE);
    expect(creates().length - before).toBe(1);

    // The egress streams into the pooled stream, which goes live like any other.
    await control().settle();
    expect(control().muxLiveStream(started.muxLiveStreamId)?.status).toBe("active");
    expect((await rowById(started.livestreamId))?.status).toBe("active");
    await stop("pool-claim");
  });

  test("the refill after a claim waits until the go-live is over: its POST is not on the go-live's critical path (docs/benchmarks.md, \"Fleet scale\")", async () => {
    await fullPool();
    const before = creates().length;
    control().fault({ service: "livekit", match: { rpc: "StartRoomCompositeEgress" }, action: { delayMs: 300 } });
    const res = await goLive("pool-refill-after");
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await poolRefillsSettled();
    const [egress] = control().requests({ service: "livekit", rpc: "StartRoomCompositeEgress" }).slice(-1);
    const refills = creates().slice(before);
    expect(refills.map((r) => passthroughOf(r))).toEqual([expect.stringMatching(/^pool:/)]);
    // Begun at the claim, the refill's POST went out while the egress call was still waiting.
    expect(refills[0]?.at ?? 0).toBeGreaterThanOrEqual((egress?.at ?? Number.POSITIVE_INFINITY) + 300);
    await stop("pool-refill-after");
  });

  test.each([
    ["low latency", { latencyMode: "low" }, { latency_mode: "low" }],
    ["a shorter maxDuration", { maxDuration: 3600 }, { max_continuous_duration: 3600 }],
    ["captions", { captions: "en" }, { generated_subtitles: [{ name: "English (generated)", language_code: "en" }] }],
    // Only the create sets MUX's meta (docs/architecture.md, "Broadcast details").
    ["a title", { title: "Launch day" }, { meta: { title: "Launch day" }, new_asset_settings: { playback_policy: ["public"], meta: { title: "Launch day" } } }],
  ])("a go-live asking for %s makes its own stream and leaves the pool alone", async (_name, extra, sent) => {
    const ready = await fullPool();
    const before = creates().length;
    const room = `pool-own-${creates().length}`;
    const res = await goLive(room, extra);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const started = parseBody(res, startLivestreamResultSchema);
    expect(ready).not.toContain(started.muxLiveStreamId);
    const own = creates().slice(before);
    expect(own).toHaveLength(1);
    expect(own[0]?.body).toMatchObject({ passthrough: started.livestreamId, ...sent });
    expect(await readyStreams()).toEqual(ready);
    await control().settle();
    await stop(room);
  });

  test("concurrent takes never get the same stream, and a take rolled back gives its stream back", async () => {
    const ready = await fullPool();
    const db = await getDb();
    // More takers than streams, all at once, each in a transaction of its own: each ready stream goes to one of them.
    const takes = await Promise.all(Array.from({ length: SIZE + 3 }, () => db.transaction((tx) => takePooledStream(tx))));
    const got = takes.flatMap((stream) => (stream ? [stream.id] : []));
    expect(new Set(got).size).toBe(got.length);
    expect([...got].sort()).toEqual([...ready].sort());
    // A taken slot is gone: the row inserted in the same transaction owns its stream from then on.
    expect(await slots()).toEqual([]);
    for (const id of got) await mux.video.liveStreams.delete(id);

    // A go-live refused after its take (room live, over its cap) rolls back: the slot is there again.
    const again = await fullPool();
    await expect(
      db.transaction(async (tx) => {
        expect(await takePooledStream(tx)).toBeDefined();
        throw new Error("refused after the take");
      }),
    ).rejects.toThrow("refused after the take");
    expect(await readyStreams()).toEqual(again);
  });

  test("two concurrent go-lives get two different pooled streams", async () => {
    const ready = await fullPool();
    const [a, b] = await Promise.all([goLive("pool-race-a"), goLive("pool-race-b")]);
    expect(a?.status, JSON.stringify(a?.body)).toBe(201);
    expect(b?.status, JSON.stringify(b?.body)).toBe(201);
    const ids = [parseBody(a, startLivestreamResultSchema).muxLiveStreamId, parseBody(b, startLivestreamResultSchema).muxLiveStreamId];
    expect(ids[0]).not.toBe(ids[1]);
    for (const id of ids) expect(ready).toContain(id);
    await control().settle();
    await stop("pool-race-a");
    await stop("pool-race-b");
  });
});

describe("size", () => {
  test("reconcile trims the pool when it is over size (the newest extras deleted at MUX), and tops it up again", async () => {
    const ready = await fullPool();
    process.env.MUX_STREAM_POOL_SIZE = "1";
    const trimmed = await reconcileRun();
    expect(trimmed.pool.deleted).toHaveLength(SIZE - 1);
    expect(await readyStreams()).toEqual([ready[0]]);
    for (const id of trimmed.pool.deleted) expect(control().muxLiveStream(id)).toBeUndefined();

    process.env.MUX_STREAM_POOL_SIZE = "0";
    const off = await reconcileRun();
    expect(off.pool.deleted).toEqual([ready[0]]);
    expect(await slots()).toEqual([]);

    process.env.MUX_STREAM_POOL_SIZE = String(SIZE);
    expect((await reconcileRun()).pool.made).toBe(SIZE);
  });

  test("with the pool off, go-live makes its own stream and claims nothing", async () => {
    const ready = await fullPool();
    process.env.MUX_STREAM_POOL_SIZE = "0";
    const res = await goLive("pool-off");
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(ready).not.toContain(parseBody(res, startLivestreamResultSchema).muxLiveStreamId);
    expect(await readyStreams()).toEqual(ready);
    await control().settle();
    await stop("pool-off");
  });
});

describe("repair", () => {
  async function insertStarting(roomName: string) {
    const db = await getDb();
    const [row] = await db.insert(livestreams).values({ userId: t.host.id, roomName, status: "starting", updatedAt: aged(), createdAt: aged() }).returning();
    if (!row) throw new Error("insert failed");
    return row;
  }

  test("a slot left claimed and never linked (a go-live of an earlier version that died after its claim): reconcile deletes the stream and fails the row", async () => {
    await fullPool();
    const row = await insertStarting("pool-crash-claim");
    const db = await getDb();
    // Go-lives take a slot and link its stream in one transaction; before, a claim marked the slot
    // `claimed` and a later statement linked the stream, so a crash in between left this.
    const [slot] = await db.select().from(muxStreamPool).where(eq(muxStreamPool.state, "ready")).limit(1);
    if (!slot?.muxLiveStreamId) throw new Error("no ready slot");
    await db.update(muxStreamPool).set({ state: "claimed", livestreamId: row.id, claimedAt: aged() }).where(eq(muxStreamPool.id, slot.id));
    const claim = { slotId: slot.id, stream: { id: slot.muxLiveStreamId } };

    const report = await reconcileRun();
    expect(report.pool.deleted).toContain(claim.stream.id);
    expect(control().muxLiveStream(claim.stream.id)).toBeUndefined();
    expect((await slots()).find((s) => s.id === claim.slotId)).toBeUndefined();
    expect(await rowById(row.id)).toMatchObject({ status: "failed" });
    expect(await readyStreams()).toHaveLength(SIZE);
  });

  test("a slot left claimed by a row that linked its stream (an earlier version's crash before ending its claim): only the slot goes, the live stream stays", async () => {
    await fullPool();
    const res = await goLive("pool-crash-link");
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const started = parseBody(res, startLivestreamResultSchema);
    await control().settle();
    // The state such a crash left: the slot still claimed by the linked row.
    const db = await getDb();
    const slotId = crypto.randomUUID();
    await db.insert(muxStreamPool).values({
      id: slotId,
      environment: (await slots())[0]?.environment ?? "",
      state: "claimed",
      muxLiveStreamId: started.muxLiveStreamId,
      muxPlaybackId: started.muxPlaybackId,
      muxStreamKey: (await rowById(started.livestreamId))?.muxStreamKey ?? "",
      livestreamId: started.livestreamId,
      claimedAt: aged(),
    });

    const report = await reconcileRun();
    expect(report.pool.deleted).not.toContain(started.muxLiveStreamId);
    expect(report.muxStreamsDeleted).not.toContain(started.muxLiveStreamId);
    expect((await slots()).find((s) => s.id === slotId)).toBeUndefined();
    expect(control().muxLiveStream(started.muxLiveStreamId)?.status).toBe("active");
    expect((await rowById(started.livestreamId))?.status).toBe("active");
    await stop("pool-crash-link");
  });

  test("a refill that died mid-create: the stale slot is forgotten and the stream it made deleted", async () => {
    await fullPool();
    const db = await getDb();
    const slotId = crypto.randomUUID();
    const environment = (await slots())[0]?.environment ?? "";
    await db.insert(muxStreamPool).values({ id: slotId, environment, state: "creating", createdAt: aged() });
    const made = await mux.video.liveStreams.create({ playback_policy: ["public"], passthrough: `pool:${slotId}` });

    const report = await reconcileRun();
    expect(report.pool.forgotten).toBe(1);
    expect(report.muxStreamsDeleted).toContain(made.id);
    expect(control().muxLiveStream(made.id)).toBeUndefined();
    expect(await slots()).not.toContainEqual(expect.objectContaining({ id: slotId }));
  });

  test("a pool stream MUX no longer has: its slot is forgotten and the pool refilled", async () => {
    const ready = await fullPool();
    const gone = ready[1] ?? "";
    await mux.video.liveStreams.delete(gone);

    const report = await reconcileRun();
    expect(report.pool.forgotten).toBe(1);
    expect(report.pool.made).toBe(1);
    const now = await readyStreams();
    expect(now).not.toContain(gone);
    expect(now).toHaveLength(SIZE);
  });
});

describe("reconcile's orphan scan", () => {
  test("never deletes pool streams (ready, or linked to a live broadcast) and does delete real orphans", async () => {
    const ready = await fullPool();
    const res = await goLive("pool-orphans");
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const live = parseBody(res, startLivestreamResultSchema);
    await control().settle();
    await poolRefillsSettled();
    const pool = await readyStreams();

    // Orphans: a stream tagged with a row id no row has, and one tagged with a slot no one has.
    const rowOrphan = await mux.video.liveStreams.create({ playback_policy: ["public"], passthrough: crypto.randomUUID() });
    const slotOrphan = await mux.video.liveStreams.create({ playback_policy: ["public"], passthrough: `pool:${crypto.randomUUID()}` });

    const report = await reconcileRun();
    expect(report.errors).toBe(0);
    expect(report.muxStreamsDeleted.sort()).toEqual([rowOrphan.id, slotOrphan.id].sort());
    for (const id of [...pool, ...ready.slice(1), live.muxLiveStreamId]) expect(control().muxLiveStream(id), id).toBeDefined();
    expect(await readyStreams()).toEqual(pool);
    expect(control().muxLiveStream(live.muxLiveStreamId)?.status).toBe("active");
    await stop("pool-orphans");
  });

  test("a finished broadcast's pooled stream is not an orphan either", async () => {
    await fullPool();
    const res = await goLive("pool-finished");
    expect(res.status).toBe(201);
    const started = parseBody(res, startLivestreamResultSchema);
    await control().settle();
    await stop("pool-finished");
    await control().settle();
    const report = await reconcileRun();
    expect(report.muxStreamsDeleted).not.toContain(started.muxLiveStreamId);
    expect(control().muxLiveStream(started.muxLiveStreamId)).toBeDefined();
    const db = await getDb();
    const [row] = await db.select().from(livestreams).where(and(eq(livestreams.id, started.livestreamId), eq(livestreams.status, "completed")));
    expect(row?.muxLiveStreamId).toBe(started.muxLiveStreamId);
  });
});
