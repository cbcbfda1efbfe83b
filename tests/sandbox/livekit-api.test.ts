// The LiveKit emulator driven through livekit-server-sdk's EgressClient / RoomServiceClient.
import { EgressClient, EgressStatus, RoomServiceClient, StreamOutput, StreamProtocol, TwirpError } from "livekit-server-sdk";
import { describe, expect, test } from "vitest";
import { caught, startWorld, type World, useStudioWorld } from "../support/sandbox-clients";

let w: World;
useStudioWorld({}, (world) => (w = world));

const yt = "rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop";
const start = (urls: string[], room = "studio") =>
  w.egress.startRoomCompositeEgress(room, { stream: new StreamOutput({ protocol: StreamProtocol.RTMP, urls }) }, { layout: "grid" });

describe("egress", () => {
  test("start answers EGRESS_STARTING in protojson the SDK decodes, then turns ACTIVE", async () => {
    const info = await start([yt]);
    expect(info.egressId).toMatch(/^EG_[A-Za-z0-9]{12}$/);
    expect(info.roomName).toBe("studio");
    expect(info.roomId).toMatch(/^RM_/);
    expect(info.status).toBe(EgressStatus.EGRESS_STARTING);
    expect(info.streamResults).toHaveLength(1);
    expect(info.streamResults[0]?.url).toBe("rtmp://a.rtmp.youtube.com/live2/{abc...nop}");
    expect(info.request.case).toBe("roomComposite");

    // On the wire: snake_case, zero values present, int64 as strings, enums as names.
    const [call] = w.sandbox.control.requests({ rpc: "StartRoomCompositeEgress" });
    expect(call?.body).toMatchObject({ roomName: "studio", layout: "grid", streamOutputs: [{ protocol: "RTMP", urls: [yt] }] });
    const raw = await fetch(`${w.sandbox.livekitUrl}/twirp/livekit.Egress/ListEgress`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: (await authHeader()).Authorization },
      body: "{}",
    });
    const wire = (await raw.json()) as { items: Record<string, unknown>[] };
    expect(wire.items[0]).toMatchObject({ egress_id: info.egressId, room_name: "studio", error: "", ended_at: "0" });

    await w.sandbox.control.settle();
    const [listed] = await w.egress.listEgress({ egressId: info.egressId });
    expect(listed?.status).toBe(EgressStatus.EGRESS_ACTIVE);
    expect(listed?.startedAt).toBeGreaterThan(0n);
    expect(listed?.streamResults[0]?.startedAt).toBeGreaterThan(0n);
  });

  test("stop: ENDING in the answer, COMPLETE after; stopping again → failed_precondition 412", async () => {
    const { egressId } = await start([yt]);
    await w.sandbox.control.settle();
    const stopping = await w.egress.stopEgress(egressId);
    expect(stopping.status).toBe(EgressStatus.EGRESS_ENDING);
    await w.sandbox.control.settle();
    const done = w.sandbox.control.egress(egressId);
    expect(done).toMatchObject({ status: "EGRESS_COMPLETE", details: "End reason: StopEgress API" });
    expect(done?.stream_results[0]?.status).toBe("FINISHED");
    expect(BigInt(done?.stream_results[0]?.duration ?? "0")).toBeGreaterThanOrEqual(0n);

    const err = await caught(w.egress.stopEgress(egressId));
    expect(err).toMatchObject({ status: 412, code: "failed_precondition", message: "egress with status EGRESS_COMPLETE cannot be stopped" });
  });

  test("stopping a STARTING egress aborts it, as the egress pipeline does", async () => {
    const slow = await startWorld({ now: () => 1_700_000_000_000, egressStartDelayMs: 1500 });
    try {
      slow.sandbox.control.joinRoom("r", "host");
      const { egressId } = await slow.egress.startRoomCompositeEgress("r", new StreamOutput({ urls: [yt] }));
      const info = await slow.egress.stopEgress(egressId);
      expect(info.status).toBe(EgressStatus.EGRESS_ABORTED);
      expect(info.error).toBe("Stop called before pipeline could start");
      expect(info.errorCode).toBe(412);
    } finally {
      await slow.sandbox.close();
    }
  });

  test("missing room → not_found; unknown egress → not_found", async () => {
    expect(await caught(start([yt], "nowhere"))).toMatchObject({ status: 404, code: "not_found", message: "requested room does not exist" });
    expect(await caught(w.egress.stopEgress("EG_unknown"))).toMatchObject({ status: 404, code: "not_found" });
  });

  test.each([
    [["rtmp://a.example.com/app/key-1", "rtmps://b.example.com/app/key-2"], "same protocol"],
    [["rtmp://a.example.com/app/key-1", "mux://mux-key-123"], "same protocol"],
    [["rtmp://a.example.com/only-app"], "rtmp urls must be of format"],
    [["rtmp:///app/key"], "rtmp urls must be of format"],
    [["http://a.example.com/app/key"], "invalid scheme"],
  ])("invalid urls %j → invalid_argument", async (urls, message) => {
    const err = await caught(start(urls));
    expect(err).toMatchObject({ status: 400, code: "invalid_argument" });
    expect(err.message).toContain(message);
    expect(w.sandbox.control.egresses()).toHaveLength(0);
  });

  test("mux:// expands to MUX's RTMPS ingest; srt is accepted unredacted", async () => {
    const mux = await start(["mux://0123456789abcdef"]);
    expect(mux.streamResults[0]?.url).toBe("rtmps://global-live.mux.com:443/app/{012...def}");
    const srt = await w.egress.startRoomCompositeEgress("studio", {
      stream: new StreamOutput({ protocol: StreamProtocol.SRT, urls: ["srt://srt.example.com:6001?streamid=abc"] }),
    });
    expect(srt.streamResults[0]?.url).toBe("srt://srt.example.com:6001?streamid=abc");
  });

  test("UpdateStream adds and removes outputs; removing the last ends the egress", async () => {
    const { egressId } = await start([yt]);
    await w.sandbox.control.settle();
    const added = await w.egress.updateStream(egressId, ["rtmp://live.twitch.tv/app/live_1234567890"]);
    expect(added.streamResults.map((s) => s.url)).toEqual([
      "rtmp://a.rtmp.youtube.com/live2/{abc...nop}",
      "rtmp://live.twitch.tv/app/{liv...890}",
    ]);
    const mixed = await caught(w.egress.updateStream(egressId, ["rtmps://x.example.com/app/k-123456"]));
    expect(mixed.code).toBe("invalid_argument");

    const removed = await w.egress.updateStream(egressId, [], [yt]);
    expect(removed.streamResults[0]?.status).toBe(1); // FINISHED
    expect(removed.status).toBe(EgressStatus.EGRESS_ACTIVE);
    await w.egress.updateStream(egressId, [], ["rtmp://live.twitch.tv/app/live_1234567890"]);
    await w.sandbox.control.settle();
    expect(w.sandbox.control.egress(egressId)?.status).toBe("EGRESS_COMPLETE");
    expect((await caught(w.egress.updateStream(egressId, [yt]))).code).toBe("failed_precondition");
  });

  test("UpdateLayout and ListEgress filters", async () => {
    const a = await start([yt]);
    w.sandbox.control.joinRoom("other", "x");
    await start(["rtmp://live.twitch.tv/app/live_1234567890"], "other");
    const updated = await w.egress.updateLayout(a.egressId, "speaker");
    expect(updated.request.case === "roomComposite" && updated.request.value.layout).toBe("speaker");
    expect((await w.egress.listEgress({ roomName: "other" })).map((e) => e.roomName)).toEqual(["other"]);
    await w.sandbox.control.settle();
    await w.egress.stopEgress(a.egressId);
    await w.sandbox.control.settle();
    expect((await w.egress.listEgress({ active: true })).map((e) => e.roomName)).toEqual(["other"]);
    expect(await w.egress.listEgress()).toHaveLength(2);
  });

  test("room closing ends its egress with 'Source closed'", async () => {
    const { egressId } = await start([yt]);
    await w.sandbox.control.settle();
    w.sandbox.control.leaveRoom("studio", "host");
    await w.sandbox.control.settle();
    expect(w.sandbox.control.egress(egressId)).toMatchObject({ status: "EGRESS_COMPLETE", details: "End reason: Source closed" });
    expect(await w.rooms.listRooms()).toEqual([]);
  });
});

describe("auth", () => {
  test("wrong secret → unauthenticated 401", async () => {
    const bad = new EgressClient(w.sandbox.livekitUrl, w.creds.apiKey, "wrong-secret");
    const err = await caught(bad.listEgress());
    expect(err).toMatchObject({ status: 401, code: "unauthenticated" });
    const wrongKey = new RoomServiceClient(w.sandbox.livekitUrl, "APIother", w.creds.apiSecret);
    expect((await caught(wrongKey.listRooms())).status).toBe(401);
  });

  test("missing grants → permission_denied 403", async () => {
    // A client token with only a join grant, as a browser would hold.
    const { AccessToken } = await import("livekit-server-sdk");
    const at = new AccessToken(w.creds.apiKey, w.creds.apiSecret, { identity: "viewer" });
    at.addGrant({ roomJoin: true, room: "studio" });
    const joinOnly = new EgressClient(w.sandbox.livekitUrl, undefined, undefined, { token: await at.toJwt() });
    expect(await caught(joinOnly.listEgress())).toMatchObject({ status: 403, code: "permission_denied" });
    const res = await fetch(`${w.sandbox.livekitUrl}/twirp/livekit.RoomService/ListParticipants`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: `Bearer ${await at.toJwt()}` },
      body: JSON.stringify({ room: "studio" }),
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/json");
    expect(await res.json()).toEqual({ code: "permission_denied", msg: "permissions denied" });
  });

  test("errors are TwirpError instances the SDK decoded", async () => {
    try {
      await w.egress.stopEgress("EG_nope");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(TwirpError);
    }
  });
});

describe("rooms", () => {
  test("ListRooms and ListParticipants shaped like the server's", async () => {
    w.sandbox.control.joinRoom("studio", "guest");
    const rooms = await w.rooms.listRooms();
    expect(rooms).toHaveLength(1);
    expect(rooms[0]).toMatchObject({ name: "studio", numParticipants: 2 });
    expect(rooms[0]?.sid).toMatch(/^RM_/);
    expect(rooms[0]?.creationTime).toBeGreaterThan(0n);
    expect(await w.rooms.listRooms(["nope"])).toEqual([]);

    const participants = await w.rooms.listParticipants("studio");
    expect(participants.map((p) => p.identity).sort()).toEqual(["guest", "host"]);
    expect(participants[0]?.sid).toMatch(/^PA_/);
    expect(participants[0]?.state).toBe(2); // ACTIVE
    expect(participants[0]?.joinedAt).toBeGreaterThan(0n);
    expect((await caught(w.rooms.listParticipants("nope"))).code).toBe("not_found");
  });

  test("RemoveParticipant takes them out like a leave; an unknown room or participant is not_found", async () => {
    w.sandbox.control.joinRoom("studio", "guest");
    await w.rooms.removeParticipant("studio", "guest", { revokeTokenTs: BigInt(Math.floor(Date.now() / 1000)) });
    expect(w.sandbox.control.participants("studio")).toEqual(["host"]);
    await w.sandbox.control.settle();
    const left = w.sandbox.control.webhooksSent({ service: "livekit", type: "participant_left" });
    expect(left).toHaveLength(1);
    expect([(await caught(w.rooms.removeParticipant("studio", "guest"))).message, (await caught(w.rooms.removeParticipant("nope", "guest"))).message]).toEqual([
      "participant not found",
      "requested room does not exist",
    ]);
    // The last one out closes the room, as a leave does.
    await w.rooms.removeParticipant("studio", "host");
    expect(await w.rooms.listRooms()).toEqual([]);
  });

  test("a room exists while someone is in it or until deleted", async () => {
    w.sandbox.control.createRoom("empty");
    expect((await w.rooms.listRooms()).map((r) => r.name).sort()).toEqual(["empty", "studio"]);
    w.sandbox.control.deleteRoom("empty");
    w.sandbox.control.leaveRoom("studio", "host");
    expect(await w.rooms.listRooms()).toEqual([]);
  });
});

async function authHeader(): Promise<{ Authorization: string }> {
  const { AccessToken } = await import("livekit-server-sdk");
  const at = new AccessToken(w.creds.apiKey, w.creds.apiSecret, { ttl: "10m" });
  at.addGrant({ roomRecord: true });
  return { Authorization: `Bearer ${await at.toJwt()}` };
}
