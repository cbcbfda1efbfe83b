// Bad input and missing sessions: whole error bodies, and nothing created upstream.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { startTestApp, type TestApp, type TestUser } from "../support/test-app";

let app: TestApp;
let user: TestUser;

beforeAll(async () => {
  app = await startTestApp();
  user = await app.newUser();
  app.sandbox.control.joinRoom("room-1", user.id);
});
afterAll(() => app?.close());

const bad = (error: string) => ({ status: 400, body: { error, code: "bad_request" } });

describe("401 without a session, on every route", () => {
  test.each([
    ["POST", "/api/video/livestream", { roomName: "room-1" }],
    ["DELETE", "/api/video/livestream", { roomName: "room-1" }],
    ["GET", "/api/video/livestream", undefined],
    ["GET", "/api/video/livestream/status?roomName=room-1", undefined],
  ])("%s %s", async (method, path, body) => {
    const res = await app.anonymous.request(method, path, body);
    expect({ status: res.status, body: res.body }).toEqual({ status: 401, body: { error: "Sign in to continue.", code: "unauthorized" } });
  });

  test("a forged session cookie is no session", async () => {
    const res = await app.anonymous.request("GET", "/api/video/livestream", undefined, { cookie: "better-auth.session_token=forged.value" });
    expect(res.status).toBe(401);
  });
});

describe("POST /api/video/livestream rejects bad input with a 400 naming the field", () => {
  const destinationKeyProblem = "streamKey must not contain '/', '?', '#', '\\', whitespace or control characters.";
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
  ])("%s", async (_name, body, expected) => {
    const before = app.sandbox.control.requests().length;
    const res = await user.request("POST", "/api/video/livestream", body);
    expect({ status: res.status, body: res.body }).toEqual(expected);
    expect(app.sandbox.control.requests().length).toBe(before); // nothing upstream
    expect(JSON.stringify(res.body)).not.toContain("abc/../../x?y");
  });
});

describe("other routes validate too", () => {
  test.each([
    ["DELETE without a body", "DELETE", "/api/video/livestream", undefined, bad("The request body must be valid JSON.")],
    ["DELETE without roomName", "DELETE", "/api/video/livestream", {}, bad("Provide roomName (or livestreamId).")],
    ["status without id or roomName", "GET", "/api/video/livestream/status", undefined, bad("Provide either id or roomName query parameter.")],
    ["list with limit 0", "GET", "/api/video/livestream?limit=0", undefined, bad("limit must be a whole number from 1 to 100.")],
    ["list with limit 101", "GET", "/api/video/livestream?limit=101", undefined, bad("limit must be a whole number from 1 to 100.")],
    ["list with limit abc", "GET", "/api/video/livestream?limit=abc", undefined, bad("limit must be a whole number from 1 to 100.")],
    ["list with limit 1.5", "GET", "/api/video/livestream?limit=1.5", undefined, bad("limit must be a whole number from 1 to 100.")],
    ["status of a malformed id", "GET", "/api/video/livestream/status?id=not-a-uuid", undefined, { status: 404, body: { error: "Livestream not found.", code: "not_found" } }],
  ])("%s", async (_name, method, path, body, expected) => {
    const res = await user.request(method, path, body);
    expect({ status: res.status, body: res.body }).toEqual(expected);
  });
});

describe("requests the routes refuse before reading them", () => {
  test("a body over 64 KiB is 413, unread", async () => {
    const res = await user.request("POST", "/api/video/livestream", { roomName: "room-1", padding: "x".repeat(70_000) });
    expect({ status: res.status, body: res.body }).toEqual({
      status: 413,
      body: { error: "The request body must be at most 65536 bytes.", code: "payload_too_large" },
    });
  });

  test("a webhook over 1 MiB is 413 before its signature is checked", async () => {
    const res = await app.anonymous.request("POST", "/api/webhooks/mux", "x".repeat(1024 * 1024 + 1), { "mux-signature": "t=1,v1=00" });
    expect(res.status).toBe(413);
  });

  test("a browser request from another site is 403, even with the session cookie", async () => {
    const before = app.sandbox.control.requests().length;
    const res = await user.request("POST", "/api/video/livestream", { roomName: "room-1" }, { origin: "https://evil.example" });
    expect({ status: res.status, body: res.body }).toEqual({ status: 403, body: { error: "Requests from other sites are refused.", code: "forbidden" } });
    expect(app.sandbox.control.requests().length).toBe(before);
    // The app's own origin is fine.
    const own = await user.request("GET", "/api/video/livestream", undefined, { origin: app.url });
    expect(own.status).toBe(200);
  });
});
