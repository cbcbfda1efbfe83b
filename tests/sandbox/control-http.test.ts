// The HTTP control API against what any web page the developer opens could send it (simple
// cross-site POSTs, <img src> GETs, DNS-rebound same-origin requests), and its answers for ids
// the sandbox does not know.
import { request } from "node:http";
import { StreamOutput } from "livekit-server-sdk";
import { afterAll, beforeAll, beforeEach, describe, expect, test } from "vitest";
import { SandboxNotFoundError } from "@golive/sandbox";
import { muxIngest, startWorld, type World } from "../support/sandbox-clients";

let w: World;
beforeAll(async () => {
  w = await startWorld();
});
beforeEach(() => w.sandbox.control.reset());
afterAll(() => w.sandbox.close());

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: { result?: unknown; error?: string } };

/** node:http rather than fetch: fetch may not set Host, and we need to send what browsers send. */
function raw(method: string, name: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  const url = new URL(`${w.sandbox.controlUrl}/${name}`);
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: options.headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: (text ? JSON.parse(text) : {}) as Answer["body"] });
      });
    });
    req.on("error", reject);
    req.end(options.body);
  });
}

const json = { "Content-Type": "application/json" };
const post = (name: string, args: unknown, headers: Record<string, string> = json) =>
  raw("POST", name, { headers, body: JSON.stringify(args) });
const roomNames = async () => (await w.rooms.listRooms()).map((r) => r.name);

describe("requests a web page could send are refused", () => {
  test("POST without Content-Type: application/json → 415, nothing done", async () => {
    const args = { room: "studio", identity: "attacker" };
    for (const contentType of ["text/plain;charset=UTF-8", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", undefined]) {
      const answer = await post("joinRoom", args, contentType ? { "Content-Type": contentType } : {});
      expect(answer.status, String(contentType)).toBe(415);
      expect(answer.body.error).toContain("application/json");
    }
    // what `fetch(url, { method: "POST", body: JSON.stringify(args) })` sends: text/plain
    const simple = await fetch(`${w.sandbox.controlUrl}/joinRoom`, { method: "POST", body: JSON.stringify(args) });
    expect(simple.status).toBe(415);
    expect(await roomNames()).toEqual([]);

    expect((await post("joinRoom", args, { "Content-Type": "application/json; charset=utf-8" })).status).toBe(200);
    expect(await roomNames()).toEqual(["studio"]);
  });

  test("a foreign Origin → 403, even with a JSON body; the sandbox's own origin is fine", async () => {
    const args = { room: "studio", identity: "attacker" };
    for (const origin of ["https://evil.example", "null", "http://127.0.0.1:1", "http://localhost:3000"]) {
      const answer = await post("joinRoom", args, { ...json, Origin: origin });
      expect(answer.status, origin).toBe(403);
      expect(answer.body.error).toContain("Origin");
    }
    expect((await raw("GET", "requests", { headers: { Origin: "https://evil.example" } })).status).toBe(403);
    expect(await roomNames()).toEqual([]);

    const own = new URL(w.sandbox.controlUrl).origin;
    expect((await post("joinRoom", args, { ...json, Origin: own })).status).toBe(200);
    expect(await roomNames()).toEqual(["studio"]);
  });

  test("a DNS-rebound request (same origin, but not a loopback Host) → 403", async () => {
    const port = String(w.sandbox.port);
    const rebound = { Host: `evil.example:${port}`, Origin: `http://evil.example:${port}` };
    expect((await post("joinRoom", { room: "studio", identity: "attacker" }, { ...json, ...rebound })).status).toBe(403);
    expect((await raw("GET", "requests", { headers: { Host: `evil.example:${port}` } })).status).toBe(403);
    expect(await roomNames()).toEqual([]);
    expect((await raw("GET", "requests", { headers: { Host: `localhost:${port}` } })).status).toBe(200);
  });

  test("GET only reads (an <img src> is a GET): every other method → 405, nothing done", async () => {
    const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    w.sandbox.control.fault({ service: "mux", match: { path: "/video/v1/nowhere" }, times: -1, action: { status: 500 } });
    const changesOrNeedsArgs = [
      "createRoom", "joinRoom", "leaveRoom", "deleteRoom", "muxLiveStream", "muxAsset", "egress", "fault", "clearFaults",
      "webhookFault", "releaseHeld", "failStreamUrl", "refuseIngest", "setViewers", "setWebhookUrl", "advance", "settle", "reset",
    ];
    const answers = [];
    for (const name of changesOrNeedsArgs) answers.push({ name, ...(await raw("GET", name)) });
    // the harm first: GET /_sandbox/reset and /clearFaults used to act
    expect(w.sandbox.control.muxLiveStreams().map((s) => s.id)).toEqual([stream.id]);
    await fetch(`${w.sandbox.muxBaseUrl}/video/v1/nowhere`);
    expect(w.sandbox.control.requests({ path: "/video/v1/nowhere" })[0]?.status).toBe(500);
    for (const answer of answers) {
      expect(answer.status, answer.name).toBe(405);
      expect(answer.headers.allow, answer.name).toBe("POST");
    }

    for (const name of ["requests", "muxLiveStreams", "muxAssets", "egresses", "webhooksSent", "now"]) {
      expect((await raw("GET", name)).status, name).toBe(200);
    }
    // arguments ride on POST only
    expect((await raw("GET", "requests", { headers: json, body: JSON.stringify({ service: "mux" }) })).status).toBe(400);
    expect((await raw("GET", "requests?service=mux")).status).toBe(400);
    expect((await raw("PUT", "reset", { headers: json, body: "{}" })).status).toBe(405);
  });
});

describe("unknown ids → 404", () => {
  const placeholder = "placeholder-id";

  test("over HTTP, for every method that takes an id", async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ["muxLiveStream", { id: placeholder }],
      ["muxAsset", { id: placeholder }],
      ["egress", { id: placeholder }],
      ["setViewers", { id: placeholder, viewers: 3, views: 4 }],
      ["failStreamUrl", { egressId: placeholder, urlSubstring: "mux.com" }],
    ];
    for (const [name, args] of cases) {
      const answer = await post(name, args);
      expect(answer.status, name).toBe(404);
      expect(answer.body.error, name).toContain(placeholder);
    }
  });

  test("known ids still answer 200", async () => {
    w.sandbox.control.joinRoom("studio", "host");
    const stream = await w.mux.video.liveStreams.create({ playback_policy: ["public"] });
    const playbackId = stream.playback_ids?.[0]?.id ?? "";
    expect((await post("setViewers", { id: stream.id, viewers: 1, views: 2 })).status).toBe(200);
    expect((await post("setViewers", { id: playbackId, viewers: 1, views: 2 })).status).toBe(200);
    const { egressId } = await w.egress.startRoomCompositeEgress("studio", new StreamOutput({ urls: [muxIngest(stream.stream_key)] }));
    await w.sandbox.control.settle();
    const assetId = w.sandbox.control.muxLiveStream(stream.id)?.active_asset_id ?? "";
    expect((await post("muxAsset", { id: assetId })).status).toBe(200);
    // a known egress with no matching live output is not "unknown": 200, false
    expect(await post("failStreamUrl", { egressId, urlSubstring: "youtube" })).toMatchObject({ status: 200, body: { result: false } });
    expect(await post("failStreamUrl", { egressId, urlSubstring: "mux.com" })).toMatchObject({ status: 200, body: { result: true } });
  });

  test("in process: reads give undefined, actions throw SandboxNotFoundError", async () => {
    const control = w.sandbox.control;
    expect(control.muxLiveStream(placeholder)).toBeUndefined();
    expect(control.muxAsset(placeholder)).toBeUndefined();
    expect(control.egress(placeholder)).toBeUndefined();
    const thrown = (act: () => unknown): unknown => {
      try {
        act();
      } catch (error) {
        return error;
      }
      return undefined;
    };
    const viewers = thrown(() => control.setViewers(placeholder, { viewers: 1, views: 1 }));
    expect(viewers).toBeInstanceOf(SandboxNotFoundError);
    expect(viewers).toMatchObject({ kind: "live stream or playback", id: placeholder });
    const fail = thrown(() => control.failStreamUrl(placeholder, "mux.com"));
    expect(fail).toBeInstanceOf(SandboxNotFoundError);
    expect(fail).toMatchObject({ kind: "egress", id: placeholder });
  });
});
