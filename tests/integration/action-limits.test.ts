// The server actions hold their input to the routes' rules: the same 64 KiB body limit
// (their arguments as JSON), the same bounded fields and the same refusal of control
// characters, answered as `{ ok: false, error, code }` with the route's sentence.
import "../support/next-request-scope";
import { describe, expect, test } from "vitest";
import { endLivestream, goLive, updateLivestream } from "@/app/actions/livestream";
import { acceptRoomInvite, claimRoom } from "@/app/actions/rooms";
import { revokeShareLink } from "@/app/actions/share-links";
import { callAction } from "../support/server-actions";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ host: "Host" });
const as = <T>(call: () => Promise<T>) => callAction(t.host.cookie, call);
const uuid = "00000000-0000-4000-8000-000000000000";
const tooLarge = { ok: false, error: "The request body must be at most 65536 bytes.", code: "payload_too_large" };
const custom = (customRtmpUrl: string) => ({ type: "custom" as const, streamKey: "k-1234", customRtmpUrl });

describe("server actions have the routes' body limit", () => {
  test("a 900 KB customRtmpUrl through goLive and updateLivestream is refused before parsing, and nothing starts", async () => {
    t.app.sandbox.control.joinRoom("action-big", t.host.id);
    const before = t.app.sandbox.control.requests().length;
    const url = `rtmp://live.example.com/${"a".repeat(900_000)}`;
    expect(await as(() => goLive({ roomName: "action-big", additionalDestinations: [custom(url)] }))).toEqual(tooLarge);
    expect(await as(() => updateLivestream({ livestreamId: uuid, addDestinations: [custom(url)] }))).toEqual(tooLarge);
    expect(t.app.sandbox.control.requests().length).toBe(before);
  });

  test("the limit counts every argument, as the route counts the body and its header", async () => {
    expect(await as(() => goLive({ roomName: "action-big" }, { idempotencyKey: "k".repeat(70_000) }))).toEqual(tooLarge);
  });

  test("just under the limit is parsed as usual: the URL's own bound answers", async () => {
    const url = `rtmp://live.example.com/${"a".repeat(60_000)}`;
    expect(await as(() => goLive({ roomName: "action-big", additionalDestinations: [custom(url)] }))).toEqual({
      ok: false,
      error: "additionalDestinations[0].customRtmpUrl: customRtmpUrl must be at most 2048 characters.",
      code: "bad_request",
    });
  });

  test("without a session the answer is still 'sign in'", async () => {
    expect(await callAction(undefined, () => goLive({ roomName: "x".repeat(100_000) }))).toEqual({ ok: false, error: "Sign in to continue.", code: "unauthorized" });
  });
});

describe("server actions refuse control characters like the routes", () => {
  test.each([
    ["goLive destination name", () => goLive({ roomName: "action-1", additionalDestinations: [{ type: "youtube", streamKey: "yt-key-1234", name: "a\u0000b" }] }), "additionalDestinations[0].name: name must not contain control characters."],
    ["updateLivestream addDestinations name", () => updateLivestream({ livestreamId: uuid, addDestinations: [{ type: "youtube", streamKey: "yt-key-1234", name: "a\u0085b" }] }), "addDestinations[0].name: name must not contain control characters."],
    ["endLivestream livestreamId", () => endLivestream({ livestreamId: `${uuid}\u0000` }), "livestreamId must not contain control characters."],
    ["claimRoom name", () => claimRoom({ name: "room\u0000" }), "name: roomName must not contain control or invisible formatting characters."],
    ["acceptRoomInvite token", () => acceptRoomInvite({ token: "t\u007f" }), "token must not contain control characters."],
    ["revokeShareLink linkId", () => revokeShareLink({ linkId: "l\u001b" }), "linkId must not contain control characters."],
  ])("%s", async (_what, call: () => Promise<unknown>, error) => {
    expect(await as(call)).toEqual({ ok: false, error, code: "bad_request" });
  });
});

test("a server action with fitting input still works", async () => {
  t.app.sandbox.control.joinRoom("action-ok", t.host.id);
  const started = await as(() => goLive({ roomName: "action-ok", additionalDestinations: [{ type: "youtube", streamKey: "yt-key-1234", name: "YouTube" }] }));
  expect(started).toMatchObject({ ok: true, data: { status: "starting" } });
  expect(await as(() => endLivestream({ roomName: "action-ok" }))).toMatchObject({ ok: true, data: { status: "completed" } });
});
