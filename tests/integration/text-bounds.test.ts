// Every string a person sends that golive stores or looks up is bounded and free of control
// characters: a 400 naming the field, never a 500 (Postgres refuses a NUL) and never a 900 KB
// URL repeated in every status answer (docs/architecture.md, "Security model").
import { describe, expect, test } from "vitest";
import { livestreamStatusResultSchema, startLivestreamResultSchema } from "@golive/next/contract";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ host: "Host" });

const bad = (error: string) => ({ status: 400, body: { error, code: "bad_request" } });
const controls = [
  ["NUL", "\u0000"],
  ["ESC", "\u001b"],
  ["DEL", "\u007f"],
  ["a C1 control (NEL)", "\u0085"],
] as const;
const uuid = "00000000-0000-4000-8000-000000000000";
const youtube = (extra: Record<string, string>) => ({ type: "youtube", streamKey: "yt-key-1234", ...extra });
const custom = (extra: Record<string, string>) => ({ type: "custom", streamKey: "k-1234", customRtmpUrl: "rtmp://live.example.com/app", ...extra });
const twitch = (extra: Record<string, string>) => ({ type: "twitch", streamKey: "live_1234", ...extra });

/** [what, method, path, body for the character `c`, the whole expected message] */
type Case = [string, string, string, (c: string) => unknown, string];
const fields: Case[] = [
  ["go-live destination name", "POST", "/api/video/livestream", (c) => ({ roomName: "text-1", additionalDestinations: [youtube({ name: `My${c}channel` })] }), "additionalDestinations[0].name: name must not contain control characters."],
  ["go-live customRtmpUrl", "POST", "/api/video/livestream", (c) => ({ roomName: "text-1", additionalDestinations: [custom({ customRtmpUrl: `rtmp://live.example.com/app${c}` })] }), "additionalDestinations[0].customRtmpUrl: customRtmpUrl must not contain control characters."],
  ["go-live twitchIngestServer", "POST", "/api/video/livestream", (c) => ({ roomName: "text-1", additionalDestinations: [twitch({ twitchIngestServer: `live.twitch.tv${c}` })] }), "additionalDestinations[0].twitchIngestServer: twitchIngestServer must not contain control characters."],
  ["PATCH addDestinations name", "PATCH", "/api/video/livestream", (c) => ({ livestreamId: uuid, addDestinations: [youtube({ name: `x${c}` })] }), "addDestinations[0].name: name must not contain control characters."],
  ["PATCH addDestinations customRtmpUrl", "PATCH", "/api/video/livestream", (c) => ({ livestreamId: uuid, addDestinations: [custom({ customRtmpUrl: `rtmp://live.example.com/${c}app` })] }), "addDestinations[0].customRtmpUrl: customRtmpUrl must not contain control characters."],
  ["PATCH removeDestinations", "PATCH", "/api/video/livestream", (c) => ({ livestreamId: uuid, removeDestinations: [`id${c}`] }), "removeDestinations[0]: removeDestinations must not contain control characters."],
  ["PATCH livestreamId", "PATCH", "/api/video/livestream", (c) => ({ livestreamId: `${uuid}${c}`, layout: "grid" }), "livestreamId must not contain control characters."],
  ["DELETE livestreamId", "DELETE", "/api/video/livestream", (c) => ({ livestreamId: `${uuid}${c}` }), "livestreamId must not contain control characters."],
  ["share link livestreamId", "POST", "/api/video/livestream/share-links", (c) => ({ livestreamId: `${uuid}${c}` }), "livestreamId must not contain control characters."],
  ["share link revoke linkId", "DELETE", "/api/video/livestream/share-links", (c) => ({ linkId: `link${c}` }), "linkId must not contain control characters."],
  ["invite revoke inviteId", "DELETE", "/api/rooms/invites", (c) => ({ inviteId: `invite${c}` }), "inviteId must not contain control characters."],
  ["invite accept token", "POST", "/api/rooms/invites/accept", (c) => ({ token: `token${c}` }), "token must not contain control characters."],
  ["member removal userId", "DELETE", "/api/rooms/members", (c) => ({ room: "text-1", userId: `user${c}` }), "userId must not contain control characters."],
];

describe("a control character in any field is a 400 naming it", () => {
  const cases = fields.flatMap(([what, method, path, body, message]) => controls.map(([name, c]) => [`${what}, ${name}`, method, path, body(c), message] as const));
  test.each(cases)("%s", async (_what, method, path, body, message) => {
    const before = t.app.sandbox.control.requests().length;
    const res = await t.host.request(method, path, body);
    expect({ status: res.status, body: res.body }).toEqual(bad(message));
    expect(t.app.sandbox.control.requests().length).toBe(before); // nothing upstream
  });

  test.each(controls)("in a query string too (%s)", async (_name, c) => {
    const q = encodeURIComponent(`${uuid}${c}`);
    expect(await t.host.request("GET", `/api/video/livestream/status?id=${q}`).then((r) => ({ status: r.status, body: r.body }))).toEqual(bad("id must not contain control characters."));
    expect(await t.host.request("GET", `/api/video/livestream/share-links?livestreamId=${q}`).then((r) => ({ status: r.status, body: r.body }))).toEqual(
      bad("livestreamId must not contain control characters."),
    );
  });

  test("room names and display names had the rule already", async () => {
    const room = await t.host.request("POST", "/api/rooms", { name: "room\u0000-1" });
    expect({ status: room.status, body: room.body }).toEqual(bad("name: roomName must not contain control or invisible formatting characters."));
    const signUp = await t.app.anonymous.request(
      "POST",
      "/api/auth/sign-up/email",
      { email: "nul@example.test", password: "correct horse battery", name: "N\u0000L" },
      { origin: t.app.url },
    );
    expect({ status: signUp.status, body: signUp.body }).toMatchObject({ status: 400, body: { message: "Name must not contain control characters." } });
  });

  test("a destination name without control characters is stored and shown as given", async () => {
    t.app.sandbox.control.joinRoom("text-ok", t.host.id);
    const res = await t.host.request("POST", "/api/video/livestream", { roomName: "text-ok", additionalDestinations: [youtube({ name: "  Café — 日本 🎥  " })] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { livestreamId } = parseBody(res, startLivestreamResultSchema);
    const status = await t.host.get(`/api/video/livestream/status?id=${livestreamId}`, livestreamStatusResultSchema);
    expect(status.destinations.map((d) => d.name)).toEqual(["MUX", "Café — 日本 🎥"]);
    await t.host.request("DELETE", "/api/video/livestream", { livestreamId });
  });
});

describe("lengths are bounded", () => {
  const long = (n: number) => "a".repeat(n);
  test.each([
    ["a 40 KB customRtmpUrl", "POST", "/api/video/livestream", { roomName: "text-1", additionalDestinations: [custom({ customRtmpUrl: `rtmp://live.example.com/${long(40_000)}` })] }, "additionalDestinations[0].customRtmpUrl: customRtmpUrl must be at most 2048 characters."],
    ["a 2,049-character customRtmpUrl via PATCH", "PATCH", "/api/video/livestream", { livestreamId: uuid, addDestinations: [custom({ customRtmpUrl: `rtmp://live.example.com/${long(2_049 - 24)}` })] }, "addDestinations[0].customRtmpUrl: customRtmpUrl must be at most 2048 characters."],
    ["a 101-character name", "POST", "/api/video/livestream", { roomName: "text-1", additionalDestinations: [youtube({ name: long(101) })] }, "additionalDestinations[0].name: name must be at most 100 characters."],
    ["a 513-character stream key", "POST", "/api/video/livestream", { roomName: "text-1", additionalDestinations: [youtube({ streamKey: long(513) })] }, "additionalDestinations[0].streamKey: streamKey must be at most 512 characters."],
    ["a 260-character twitchIngestServer", "POST", "/api/video/livestream", { roomName: "text-1", additionalDestinations: [twitch({ twitchIngestServer: long(260) })] }, "additionalDestinations[0].twitchIngestServer: twitchIngestServer must be at most 259 characters."],
    ["a 201-character removeDestinations id", "PATCH", "/api/video/livestream", { livestreamId: uuid, removeDestinations: [long(201)] }, "removeDestinations[0]: removeDestinations must be at most 200 characters."],
    ["a 201-character linkId", "DELETE", "/api/video/livestream/share-links", { linkId: long(201) }, "linkId must be at most 200 characters."],
  ])("%s is a 400", async (_what, method, path, body, message) => {
    const res = await t.host.request(method, path, body);
    expect({ status: res.status, body: res.body }).toEqual(bad(message));
  });

  test("a 2,048-character customRtmpUrl is accepted", async () => {
    t.app.sandbox.control.joinRoom("text-long", t.host.id);
    const customRtmpUrl = `rtmp://live.example.com/${long(2_048 - 24)}`;
    expect(customRtmpUrl).toHaveLength(2_048);
    const res = await t.host.request("POST", "/api/video/livestream", { roomName: "text-long", additionalDestinations: [custom({ customRtmpUrl })] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await t.host.request("DELETE", "/api/video/livestream", { livestreamId: parseBody(res, startLivestreamResultSchema).livestreamId });
  });
});
