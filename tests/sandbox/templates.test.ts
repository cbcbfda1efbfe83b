// A room-composite egress with a custom template (packages/sandbox/src/livekit/template-room.ts):
// it stays EGRESS_STARTING until its page's START_RECORDING; the page reads its room with the
// token of the URL the egress opens; a stop before the signal aborts it.
import { AccessToken, StreamOutput } from "livekit-server-sdk";
import { expect, test } from "vitest";
import { muxIngest, type World, useStudioWorld } from "../support/sandbox-clients";

let w: World;
useStudioWorld({}, (world) => (w = world));

const BASE = "http://127.0.0.1:3000/golive/template";

async function startWithTemplate(customBaseUrl = BASE) {
  const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
  const info = await w.egress.startRoomCompositeEgress("studio", new StreamOutput({ urls: [muxIngest(stream.stream_key ?? "")] }), { layout: "speaker", customBaseUrl });
  await w.sandbox.control.settle();
  return { egressId: info.egressId, streamId: stream.id };
}

const statusOf = (egressId: string) => w.sandbox.control.egress(egressId)?.status;

test("the egress waits for START_RECORDING, then starts; a second signal changes nothing", async () => {
  const { egressId, streamId } = await startWithTemplate();
  expect(statusOf(egressId)).toBe("EGRESS_STARTING");
  expect((await w.mux.video.liveStreams.retrieve(streamId)).status).toBe("idle");
  expect(w.sandbox.control.templateReady(egressId)).toBe(true);
  await w.sandbox.control.settle();
  expect(statusOf(egressId)).toBe("EGRESS_ACTIVE");
  expect((await w.mux.video.liveStreams.retrieve(streamId)).status).toBe("active");
  expect(w.sandbox.control.templateReady(egressId)).toBe(false);
});

test("without a custom template the egress starts as before", async () => {
  const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
  const info = await w.egress.startRoomCompositeEgress("studio", new StreamOutput({ urls: [muxIngest(stream.stream_key ?? "")] }));
  await w.sandbox.control.settle();
  expect(statusOf(info.egressId)).toBe("EGRESS_ACTIVE");
  expect(await w.sandbox.control.templateUrl(info.egressId)).toBeUndefined();
});

test("a stop before the signal aborts it, as LiveKit does", async () => {
  const { egressId } = await startWithTemplate();
  await w.egress.stopEgress(egressId);
  await w.sandbox.control.settle();
  expect(w.sandbox.control.egress(egressId)).toMatchObject({ status: "EGRESS_ABORTED", error: "Stop called before pipeline could start", error_code: 412 });
  expect(w.sandbox.control.templateReady(egressId)).toBe(false);
});

test("the page the egress opens reads its room and signals over HTTP with the URL's token", async () => {
  w.sandbox.control.joinRoom("studio", "guest-1", { name: "Grace", attributes: { "golive.stage": "on" } });
  await w.rooms.updateRoomMetadata("studio", '{"v":1,"scene":"starting-soon"}');
  const { egressId } = await startWithTemplate();
  const opened = new URL((await w.sandbox.control.templateUrl(egressId)) ?? "");
  expect({ base: `${opened.origin}${opened.pathname}`, url: opened.searchParams.get("url"), layout: opened.searchParams.get("layout") }).toEqual({
    base: BASE,
    url: w.sandbox.livekitUrl.replace(/^http/, "ws"),
    layout: "speaker",
  });
  const token = opened.searchParams.get("token") ?? "";
  const room = await fetch(`${w.sandbox.livekitUrl}/sandbox-rtc/room?access_token=${token}`);
  expect(room.headers.get("access-control-allow-origin")).toBe("*");
  expect(await room.json()).toEqual({
    room: { name: "studio", metadata: '{"v":1,"scene":"starting-soon"}' },
    layout: "speaker",
    participants: [
      { identity: "host", name: "host", attributes: {} },
      { identity: "guest-1", name: "Grace", attributes: { "golive.stage": "on" } },
    ],
  });
  // UpdateLayout reaches the page.
  await w.egress.updateLayout(egressId, "grid-light");
  expect(((await (await fetch(`${w.sandbox.livekitUrl}/sandbox-rtc/room?access_token=${token}`)).json()) as { layout: string }).layout).toBe("grid-light");

  const signal = await fetch(`${w.sandbox.livekitUrl}/sandbox-rtc/start-recording?access_token=${token}`, { method: "POST" });
  expect({ status: signal.status, body: await signal.json() }).toEqual({ status: 200, body: { started: true } });
  await w.sandbox.control.settle();
  expect(statusOf(egressId)).toBe("EGRESS_ACTIVE");
});

test("a participant's own join token reads the room too (the studio's preview) but can't start an egress; a forged token gets nothing", async () => {
  const { egressId } = await startWithTemplate();
  const mine = new AccessToken(w.creds.apiKey, w.creds.apiSecret, { identity: "host" });
  mine.addGrant({ roomJoin: true, room: "studio" });
  const token = await mine.toJwt();
  const room = (await (await fetch(`${w.sandbox.livekitUrl}/sandbox-rtc/room?access_token=${token}`)).json()) as { layout: string; participants: unknown[] };
  expect({ layout: room.layout, participants: room.participants }).toEqual({ layout: "", participants: [{ identity: "host", name: "host", attributes: {} }] });
  const refused = await fetch(`${w.sandbox.livekitUrl}/sandbox-rtc/start-recording?access_token=${token}`, { method: "POST" });
  expect(refused.status).toBe(404);
  const forged = new AccessToken(w.creds.apiKey, "not-the-secret-at-all-0123456789", { identity: egressId });
  forged.addGrant({ roomJoin: true, room: "studio" });
  const bad = await fetch(`${w.sandbox.livekitUrl}/sandbox-rtc/start-recording?access_token=${await forged.toJwt()}`, { method: "POST" });
  expect({ status: bad.status, body: await bad.json() }).toEqual({ status: 401, body: { error: "invalid token" } });
  expect(statusOf(egressId)).toBe("EGRESS_STARTING");
});

test("templateReadiness: immediate starts a templated egress at once", async () => {
  const { startSandbox } = await import("@golive/sandbox");
  const sandbox = await startSandbox({ templateReadiness: "immediate" });
  try {
    sandbox.control.joinRoom("studio", "host");
    const { EgressClient } = await import("livekit-server-sdk");
    const egress = new EgressClient(sandbox.livekitUrl, sandbox.credentials.livekit.apiKey, sandbox.credentials.livekit.apiSecret);
    const info = await egress.startRoomCompositeEgress("studio", new StreamOutput({ urls: [muxIngest("k".repeat(20))] }), { customBaseUrl: BASE });
    await sandbox.control.settle();
    // Its pipeline ran (no MUX stream has that key, so the output then failed): it never waited.
    expect(sandbox.control.egress(info.egressId)?.started_at).not.toBe("0");
  } finally {
    await sandbox.close();
  }
});

test("a room nobody has opened yet reads as empty", async () => {
  const mine = new AccessToken(w.creds.apiKey, w.creds.apiSecret, { identity: "early" });
  mine.addGrant({ roomJoin: true, room: "not-open-yet" });
  const res = await fetch(`${w.sandbox.livekitUrl}/sandbox-rtc/room?access_token=${await mine.toJwt()}`);
  expect({ status: res.status, body: await res.json() }).toEqual({ status: 200, body: { room: { name: "not-open-yet", metadata: "" }, layout: "", participants: [] } });
});
