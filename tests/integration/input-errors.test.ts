// Bad input and missing sessions: whole error bodies, and nothing created upstream.
import { afterEach, beforeAll, describe, expect, test, vi } from "vitest";
import { useTestApp } from "../support/test-file";
import { recordedBody, roomCompositeEgressSchema } from "../support/upstream-requests";

const t = useTestApp({ user: "Test User" });
beforeAll(() => t.app.sandbox.control.joinRoom("room-1", t.user.id));

const bad = (error: string) => ({ status: 400, body: { error, code: "bad_request" } });

describe("401 without a session, on every route", () => {
  test.each([
    ["POST", "/api/video/livestream", { roomName: "room-1" }],
    ["DELETE", "/api/video/livestream", { roomName: "room-1" }],
    ["GET", "/api/video/livestream", undefined],
    ["GET", "/api/video/livestream/status?roomName=room-1", undefined],
  ])("%s %s", async (method, path, body) => {
    const res = await t.app.anonymous.request(method, path, body);
    expect({ status: res.status, body: res.body }).toEqual({ status: 401, body: { error: "Sign in to continue.", code: "unauthorized" } });
  });

  test("a forged session cookie is no session", async () => {
    const res = await t.app.anonymous.request("GET", "/api/video/livestream", undefined, { cookie: "better-auth.session_token=forged.value" });
    expect(res.status).toBe(401);
  });
});

// Every notation of a loopback, private, link-local, CGNAT, unspecified, multicast or
// metadata address, and local names: LiveKit's egress must never be sent there.
const nonPublicRtmpUrls = [
  "rtmp://127.0.0.1/app",
  "rtmp://2130706433/app",
  "rtmp://0x7f000001:1935/app",
  "rtmp://0x7f.0.0.1/app",
  "rtmp://0177.0.0.1/app",
  "rtmp://127.1/app",
  "rtmp://10.1/app",
  "rtmp://192.168.1.20/live",
  "rtmp://172.16.0.1/live",
  "rtmp://100.64.0.1/live",
  "rtmp://0.0.0.0/live",
  "rtmp://224.0.0.1/live",
  "rtmp://169.254.169.254/latest",
  "rtmp://[::1]/app",
  "rtmp://[::]/app",
  "rtmp://[::ffff:127.0.0.1]/app",
  "rtmp://[::ffff:7f00:1]/app",
  "rtmp://[fe80::1]/app",
  "rtmp://[fc00::1]/app",
  "rtmp://[fd00:ec2::254]/app",
  "rtmp://localhost/app",
  "rtmp://LOCALHOST./app",
  "rtmps://stream.localhost:443/app",
  "rtmp://%31%32%37.0.0.1/app",
];
const notPublic = (i: number) =>
  bad(`additionalDestinations[${i}].customRtmpUrl must point at a public RTMP server, not a loopback, private or link-local address.`);
const twitchServerProblem = bad(
  "additionalDestinations[0].twitchIngestServer must be a Twitch ingest server: live.twitch.tv, live-<region>.twitch.tv or <server>.contribute.live-video.net.",
);
const invisibleInRoomName = bad("roomName must not contain control or invisible formatting characters.");

describe("POST /api/video/livestream rejects bad input with a 400 naming the field", () => {
  const destinationKeyProblem = "streamKey must not contain '/', '?', '#', '%', '\\', whitespace or control characters.";
  const dotsKeyProblem = "streamKey must not be only dots, like '.' or '..'.";
  test.each([
    ["malformed JSON", "{not json", bad("The request body must be valid JSON.")],
    ["missing roomName", {}, bad("roomName is required and must be a string.")],
    ["empty roomName", { roomName: "  " }, bad("roomName is required.")],
    ["roomName not a string", { roomName: 42 }, bad("roomName is required and must be a string.")],
    ["unknown latencyMode", { roomName: "room-1", latencyMode: "ultra" }, bad('latencyMode must be "standard" or "low".')],
    ["maxDuration below MUX's 60 s", { roomName: "room-1", maxDuration: 59 }, bad("maxDuration must be a whole number of seconds between 60 and 43200.")],
    ["maxDuration above MUX's 12 h", { roomName: "room-1", maxDuration: 43201 }, bad("maxDuration must be a whole number of seconds between 60 and 43200.")],
    ["maxDuration not whole", { roomName: "room-1", maxDuration: 90.5 }, bad("maxDuration must be a whole number of seconds between 60 and 43200.")],
    ["maxDuration as a string", { roomName: "room-1", maxDuration: "600" }, bad("maxDuration must be a whole number of seconds between 60 and 43200.")],
    [
      "custom without customRtmpUrl",
      { roomName: "room-1", additionalDestinations: [{ type: "custom", streamKey: "k-123" }] },
      bad("additionalDestinations[0].customRtmpUrl is required for custom destinations."),
    ],
    [
      "custom with an http URL",
      { roomName: "room-1", additionalDestinations: [{ type: "custom", streamKey: "k-123", customRtmpUrl: "https://evil.example/app" }] },
      bad("additionalDestinations[0].customRtmpUrl must be an rtmp:// or rtmps:// URL with a host, like rtmp://live.example.com/app."),
    ],
    [
      "a stream key that escapes its path segment",
      { roomName: "room-1", additionalDestinations: [{ type: "youtube", streamKey: "abc/../../x?y" }] },
      bad(`additionalDestinations[0].${destinationKeyProblem}`),
    ],
    [
      "an empty stream key",
      { roomName: "room-1", additionalDestinations: [{ type: "twitch", streamKey: "" }] },
      bad("additionalDestinations[0].streamKey: streamKey is required."),
    ],
    [
      "an unknown destination type",
      { roomName: "room-1", additionalDestinations: [{ type: "facebook", streamKey: "k" }] },
      bad('additionalDestinations[0].type: type must be "youtube", "twitch" or "custom".'),
    ],
    [
      "mixed rtmp and rtmps destinations",
      {
        roomName: "room-1",
        additionalDestinations: [
          { type: "youtube", streamKey: "yt-key-1234" },
          { type: "custom", streamKey: "k-123", customRtmpUrl: "rtmps://live.example.com/app" },
        ],
      },
      bad("additionalDestinations must all use the same protocol: LiveKit sends one egress over either rtmp:// or rtmps://, not both."),
    ],
    [
      "more than 10 destinations",
      { roomName: "room-1", additionalDestinations: Array.from({ length: 11 }, () => ({ type: "youtube", streamKey: "yt-key-1234" })) },
      bad("additionalDestinations may list at most 10 destinations."),
    ],
    ...nonPublicRtmpUrls.map((customRtmpUrl): [string, unknown, ReturnType<typeof bad>] => [
      `a custom destination at ${customRtmpUrl}`,
      { roomName: "room-1", additionalDestinations: [{ type: "custom", streamKey: "k-123", customRtmpUrl }] },
      notPublic(0),
    ]),
    [
      "a private custom destination after a public one",
      {
        roomName: "room-1",
        additionalDestinations: [
          { type: "youtube", streamKey: "yt-key-1234" },
          { type: "custom", streamKey: "k-123", customRtmpUrl: "rtmp://10.0.0.5:1935/live" },
        ],
      },
      notPublic(1),
    ],
    [
      "a custom host no resolver can read",
      { roomName: "room-1", additionalDestinations: [{ type: "custom", streamKey: "k-123", customRtmpUrl: "rtmp://a*b.example/app" }] },
      bad("additionalDestinations[0].customRtmpUrl must have a valid host name or IP address."),
    ],
    ...["evil.example", "127.0.0.1", "localhost", "2130706433", "live.twitch.tv.evil.example", "twitch.tv"].map(
      (twitchIngestServer): [string, unknown, ReturnType<typeof bad>] => [
        `a Twitch ingest server that isn't Twitch's: ${twitchIngestServer}`,
        { roomName: "room-1", additionalDestinations: [{ type: "twitch", streamKey: "live_123", twitchIngestServer }] },
        twitchServerProblem,
      ],
    ),
    ...[".", "..", "..."].map((streamKey): [string, unknown, ReturnType<typeof bad>] => [
      `a stream key of only dots: ${streamKey}`,
      { roomName: "room-1", additionalDestinations: [{ type: "youtube", streamKey }] },
      bad(`additionalDestinations[0].${dotsKeyProblem}`),
    ]),
    ...["%2e%2e", "a%2Fb", "key%00"].map((streamKey): [string, unknown, ReturnType<typeof bad>] => [
      `a percent-encoded stream key: ${streamKey}`,
      { roomName: "room-1", additionalDestinations: [{ type: "custom", streamKey, customRtmpUrl: "rtmp://live.example.com/app" }] },
      bad(`additionalDestinations[0].${destinationKeyProblem}`),
    ]),
    ...[
      ["right-to-left override", "room-\u202e1"],
      ["zero-width space", "room\u200b-1"],
      ["byte-order mark", "room\ufeff-1"],
      ["line separator", "room\u2028-1"],
      ["control character", "room\u0007-1"],
    ].map(([what, roomName]): [string, unknown, ReturnType<typeof bad>] => [`a roomName with a ${what}`, { roomName }, invisibleInRoomName]),
  ])("%s", async (_name, body, expected) => {
    const before = t.app.sandbox.control.requests().length;
    const res = await t.user.request("POST", "/api/video/livestream", body);
    expect({ status: res.status, body: res.body }).toEqual(expected);
    expect(t.app.sandbox.control.requests().length).toBe(before); // nothing upstream
    expect(JSON.stringify(res.body)).not.toContain("abc/../../x?y");
  });
});

describe("other routes validate too", () => {
  test.each([
    ["DELETE without a body", "DELETE", "/api/video/livestream", undefined, bad("The request body must be valid JSON.")],
    ["DELETE without roomName", "DELETE", "/api/video/livestream", {}, bad("Provide roomName (or livestreamId).")],
    ["DELETE with an empty livestreamId", "DELETE", "/api/video/livestream", { livestreamId: "" }, bad("livestreamId must not be empty.")],
    ["DELETE with a livestreamId that isn't a string", "DELETE", "/api/video/livestream", { livestreamId: 42 }, bad("livestreamId must be a string.")],
    ["DELETE with an empty roomName", "DELETE", "/api/video/livestream", { roomName: "" }, bad("roomName is required.")],
    ["DELETE with a blank roomName and an empty livestreamId", "DELETE", "/api/video/livestream", { roomName: " ", livestreamId: "" }, bad("roomName is required. livestreamId must not be empty.")],
    ["DELETE with an invisible character in roomName", "DELETE", "/api/video/livestream", { roomName: "room\u200b-1" }, invisibleInRoomName],
    ["status of a room with a bidi override", "GET", "/api/video/livestream/status?roomName=room-%E2%80%AE1", undefined, invisibleInRoomName],
    ["status without id or roomName", "GET", "/api/video/livestream/status", undefined, bad("Provide either id or roomName query parameter.")],
    ["list with limit 0", "GET", "/api/video/livestream?limit=0", undefined, bad("limit must be a whole number from 1 to 100.")],
    ["list with limit 101", "GET", "/api/video/livestream?limit=101", undefined, bad("limit must be a whole number from 1 to 100.")],
    ["list with limit abc", "GET", "/api/video/livestream?limit=abc", undefined, bad("limit must be a whole number from 1 to 100.")],
    ["list with limit 1.5", "GET", "/api/video/livestream?limit=1.5", undefined, bad("limit must be a whole number from 1 to 100.")],
    ["status of a malformed id", "GET", "/api/video/livestream/status?id=not-a-uuid", undefined, { status: 404, body: { error: "Livestream not found.", code: "not_found" } }],
  ])("%s", async (_name, method, path, body, expected) => {
    const before = t.app.sandbox.control.requests().length;
    const res = await t.user.request(method, path, body);
    expect({ status: res.status, body: res.body }).toEqual(expected);
    expect(t.app.sandbox.control.requests().length).toBe(before); // nothing upstream
  });
});

describe("LIVESTREAM_ALLOWED_RTMP_HOSTS lets the operator allow a private RTMP server", () => {
  afterEach(() => vi.unstubAllEnvs());

  test("an allow-listed range goes live; the rest of the private space stays refused", async () => {
    vi.stubEnv("LIVESTREAM_ALLOWED_RTMP_HOSTS", "rtmp.corp.example,10.20.0.0/16");
    // Another user, so this broadcast never shows in the other tests' lists.
    const operator = await t.app.newUser("Operator");
    t.app.sandbox.control.joinRoom("room-allowed", operator.id);
    const destination = (customRtmpUrl: string) => ({ roomName: "room-allowed", additionalDestinations: [{ type: "custom", streamKey: "k-123", customRtmpUrl }] });

    const before = t.app.sandbox.control.requests().length;
    const refused = await operator.request("POST", "/api/video/livestream", destination("rtmp://10.21.0.5/live"));
    expect({ status: refused.status, body: refused.body }).toEqual(notPublic(0));
    expect(t.app.sandbox.control.requests().length).toBe(before);

    const started = await operator.request("POST", "/api/video/livestream", destination("rtmp://10.20.0.5:1935/live"));
    expect(started.status, JSON.stringify(started.body)).toBe(201);
    const egress = t.app.sandbox.control.requests({ service: "livekit", rpc: "StartRoomCompositeEgress" }).at(-1);
    expect(recordedBody(egress, roomCompositeEgressSchema).streamOutputs[0]?.urls[1]).toBe("rtmp://10.20.0.5:1935/live/k-123");

    const stopped = await operator.request("DELETE", "/api/video/livestream", { roomName: "room-allowed" });
    expect(stopped.status).toBe(200);
  });
});

describe("requests the routes refuse before reading them", () => {
  test("a body over 64 KiB is 413, unread", async () => {
    const res = await t.user.request("POST", "/api/video/livestream", { roomName: "room-1", padding: "x".repeat(70_000) });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 413,
      body: { error: "The request body must be at most 65536 bytes.", code: "payload_too_large" },
    });
  });

  test("a webhook over 1 MiB is 413 before its signature is checked", async () => {
    const res = await t.app.anonymous.request("POST", "/api/webhooks/mux", "x".repeat(1024 * 1024 + 1), { "mux-signature": "t=1,v1=00" });
    expect(res.status).toBe(413);
  });

  test("a browser request from another site is 403, even with the session cookie", async () => {
    const before = t.app.sandbox.control.requests().length;
    const res = await t.user.request("POST", "/api/video/livestream", { roomName: "room-1" }, { origin: "https://evil.example" });
    expect({ status: res.status, body: res.body }).toEqual({ status: 403, body: { error: "Requests from other sites are refused.", code: "forbidden" } });
    expect(t.app.sandbox.control.requests().length).toBe(before);
    // The app's own origin is fine.
    const own = await t.user.request("GET", "/api/video/livestream", undefined, { origin: t.app.url });
    expect(own.status).toBe(200);
  });
});
