// golive's composite template (docs/architecture.md, "The composite template"): go-live hands
// LiveKit the template page's URL as `customBaseUrl`; the sandbox's egress waits for the page's
// START_RECORDING; a start that never gets it fails with a sentence within
// LIVESTREAM_TEMPLATE_READY_SECONDS (the sandbox's clock), on a status read and in reconcile, and
// its egress ends ABORTED; a host that opts out goes live as before.
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { setGoliveClock } from "@golive/next/config";
import { livestreamStatusResultSchema, startLivestreamResultSchema } from "@golive/next/contract";
import { livestreams } from "@golive/next/db";
import { templateNeverReady } from "@golive/next/livestream";
import { reconcile } from "@golive/next/reconcile";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";
import { recordedBody, roomCompositeEgressSchema } from "../support/upstream-requests";

const t = useTestApp({ host: "Host" }, { templateReadiness: "signal", env: { LIVESTREAM_TEMPLATE_READY_SECONDS: "30" } });
const control = () => t.app.sandbox.control;

beforeAll(() => setGoliveClock(() => control().now()));
afterAll(() => setGoliveClock(undefined));

async function goLive(room: string) {
  control().joinRoom(room, t.host.id);
  const res = await t.host.request("POST", "/api/video/livestream", { roomName: room, layout: "speaker" });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await control().settle();
  return parseBody(res, startLivestreamResultSchema);
}

const egressBody = (egressId: string) => {
  const request = control()
    .requests({ service: "livekit", rpc: "StartRoomCompositeEgress" })
    .find((r) => (r.body as { roomName?: string }).roomName === control().egress(egressId)?.room_name);
  return recordedBody(request, roomCompositeEgressSchema);
};

const statusOf = async (id: string) => parseBody(await t.host.request("GET", `/api/video/livestream/status?id=${id}`), livestreamStatusResultSchema);

async function row(id: string) {
  const db = await getDb();
  const [found] = await db.select().from(livestreams).where(eq(livestreams.id, id));
  return found;
}

const sentence = templateNeverReady(30);

describe("go-live with the template", () => {
  test("the egress request carries the template page's URL on the app's origin", async () => {
    const started = await goLive("tpl-url");
    expect(egressBody(started.egressId)).toMatchObject({ roomName: "tpl-url", layout: "speaker", customBaseUrl: `${t.app.url}/golive/template` });
    expect(await control().templateUrl(started.egressId)).toMatch(new RegExp(`^${t.app.url}/golive/template\\?url=ws%3A%2F%2F127\\.0\\.0\\.1%3A\\d+&token=[^&]+&layout=speaker$`));
  });

  test("it stays starting until the page signals, then goes live", async () => {
    const started = await goLive("tpl-ready");
    expect({ status: (await statusOf(started.livestreamId)).status, egress: control().egress(started.egressId)?.status }).toEqual({ status: "starting", egress: "EGRESS_STARTING" });
    expect(control().templateReady(started.egressId)).toBe(true);
    await control().settle();
    expect({ status: (await statusOf(started.livestreamId)).status, egress: control().egress(started.egressId)?.status }).toEqual({ status: "active", egress: "EGRESS_ACTIVE" });
    // Past the deadline a broadcast that did start is left alone.
    await control().advance(31_000);
    expect((await statusOf(started.livestreamId)).status).toBe("active");
  });

  test("a signal just inside the bound is in time; the deadline is then cleared once seen", async () => {
    const started = await goLive("tpl-late-ok");
    await control().advance(29_000);
    expect((await statusOf(started.livestreamId)).status).toBe("starting");
    control().templateReady(started.egressId);
    // The egress runs, but MUX's active event is held back: the row is still starting past the deadline.
    control().webhookFault({ service: "mux", action: "drop", times: -1 });
    await control().settle();
    await control().advance(2_000);
    expect((await statusOf(started.livestreamId)).status).toBe("starting");
    expect((await row(started.livestreamId))?.templateReadyBy).toBeNull();
    control().clearFaults();
  });
});

describe("a start whose template never signals", () => {
  test("a status read past the bound fails it with a sentence; its egress ends ABORTED and its MUX stream is deleted", async () => {
    const started = await goLive("tpl-never");
    await control().advance(29_000);
    expect((await statusOf(started.livestreamId)).status).toBe("starting");
    await control().advance(1_000);
    const status = await statusOf(started.livestreamId);
    expect({ status: status.status, failureReason: status.failureReason }).toEqual({ status: "failed", failureReason: sentence });
    await control().settle();
    expect(control().egress(started.egressId)).toMatchObject({ status: "EGRESS_ABORTED", error: "Stop called before pipeline could start" });
    expect(control().muxLiveStream(started.muxLiveStreamId)).toBeUndefined();
    // The late ABORTED webhook changes nothing, and a second read makes no LiveKit call.
    const calls = control().requests({ service: "livekit" }).length;
    expect((await statusOf(started.livestreamId)).failureReason).toBe(sentence);
    expect(control().requests({ service: "livekit" })).toHaveLength(calls);
  });

  test("reconcile fails it too, with nobody polling", async () => {
    const started = await goLive("tpl-reconcile");
    await control().advance(31_000);
    // Reconcile looks at rows unchanged for a while (by the wall clock).
    const db = await getDb();
    await db.update(livestreams).set({ updatedAt: new Date(Date.now() - 10 * 60_000) }).where(eq(livestreams.id, started.livestreamId));
    const report = await reconcile();
    expect(report.egressesStopped).toContain(started.egressId);
    expect(report.ended).toContainEqual({ id: started.livestreamId, status: "failed" });
    expect(await row(started.livestreamId)).toMatchObject({ status: "failed", failureReason: sentence });
    await control().settle();
    expect(control().egress(started.egressId)?.status).toBe("EGRESS_ABORTED");
  });
});

describe("opting out", () => {
  test("LIVESTREAM_CUSTOM_TEMPLATE=off: no customBaseUrl, the egress starts at once, no deadline", async () => {
    process.env.LIVESTREAM_CUSTOM_TEMPLATE = "off";
    try {
      const started = await goLive("tpl-off");
      expect(egressBody(started.egressId).customBaseUrl).toBeUndefined();
      expect({ status: (await statusOf(started.livestreamId)).status, egress: control().egress(started.egressId)?.status }).toEqual({ status: "active", egress: "EGRESS_ACTIVE" });
      expect((await row(started.livestreamId))?.templateReadyBy).toBeNull();
    } finally {
      delete process.env.LIVESTREAM_CUSTOM_TEMPLATE;
    }
  });
});
