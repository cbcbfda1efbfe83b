// A broadcast's title and description (docs/architecture.md, "Broadcast details"): accepted by the
// route and the server action, refused past their limits with whole error bodies and nothing
// created upstream, answered in status and list, and sent to MUX as `meta.title` of the live stream
// and of the assets it records — never in `passthrough`. Real routes, the sandbox.
import "../support/next-request-scope";
import { describe, expect, test } from "vitest";
import { goLive as goLiveAction } from "@/app/actions/livestream";
import { listLivestreamsResultSchema, livestreamStatusResultSchema, startLivestreamResultSchema } from "@golive/next/contract";
import { watchAccess } from "@golive/next/watch";
import { callAction } from "../support/server-actions";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";
import { plainLiveStreamBody } from "../support/upstream-requests";

const t = useTestApp({ host: "Host" });
const control = () => t.app.sandbox.control;
const muxCreates = () => control().requests({ service: "mux", method: "POST", path: "/video/v1/live-streams" });

let rooms = 0;
const nextRoom = () => `titled-${++rooms}`;

async function goLive(body: Record<string, unknown>) {
  const room = nextRoom();
  control().joinRoom(room, t.host.id);
  const res = await t.host.request("POST", "/api/video/livestream", { roomName: room, ...body });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  await control().settle();
  return { room, ...parseBody(res, startLivestreamResultSchema) };
}

async function status(id: string) {
  const res = await t.host.request("GET", `/api/video/livestream/status?id=${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return parseBody(res, livestreamStatusResultSchema);
}

describe("title and description at go-live", () => {
  test("stored trimmed, answered in status and list, on the watch page's target, and sent to MUX as meta.title", async () => {
    const creates = muxCreates().length;
    const started = await goLive({ title: "  Friday build — episode 12  ", description: "We fix the flaky test.\r\nThen ship it.\n" });

    expect(muxCreates().slice(creates).map((r) => r.body)).toEqual([
      {
        ...plainLiveStreamBody(started.livestreamId),
        new_asset_settings: { playback_policy: ["public"], meta: { title: "Friday build — episode 12" } },
        meta: { title: "Friday build — episode 12" },
      },
    ]);
    // The sandbox keeps it, on the stream and on the recording MUX made of it.
    const stream = control().muxLiveStream(started.muxLiveStreamId);
    expect(stream?.meta).toEqual({ title: "Friday build — episode 12" });
    const asset = control().muxAssets().find((a) => a.live_stream_id === started.muxLiveStreamId);
    expect(asset?.meta).toEqual({ title: "Friday build — episode 12" });

    const answered = await status(started.livestreamId);
    expect({ title: answered.title, description: answered.description }).toEqual({
      title: "Friday build — episode 12",
      description: "We fix the flaky test.\nThen ship it.",
    });
    const list = await t.host.request("GET", `/api/video/livestream?roomName=${started.room}&limit=1`);
    const [listed] = parseBody(list, listLivestreamsResultSchema).livestreams;
    expect({ title: listed?.title, description: listed?.description }).toEqual({ title: "Friday build — episode 12", description: "We fix the flaky test.\nThen ship it." });

    const access = await watchAccess(started.muxPlaybackId, { userId: null });
    expect({ title: access?.target.title, description: access?.target.description }).toEqual({ title: "Friday build — episode 12", description: "We fix the flaky test.\nThen ship it." });
  });

  test("without them: null in the answers, and MUX's body has no meta", async () => {
    const creates = muxCreates().length;
    const started = await goLive({});
    expect(muxCreates().slice(creates).map((r) => r.body)).toEqual([plainLiveStreamBody(started.livestreamId)]);
    const answered = await status(started.livestreamId);
    expect({ title: answered.title, description: answered.description }).toEqual({ title: null, description: null });
  });

  test("a description of only whitespace is no description", async () => {
    const started = await goLive({ title: "Q&A", description: " \n\t " });
    const answered = await status(started.livestreamId);
    expect({ title: answered.title, description: answered.description }).toEqual({ title: "Q&A", description: null });
  });

  test("the goLive server action takes them too", async () => {
    const room = nextRoom();
    control().joinRoom(room, t.host.id);
    const answer = await callAction(t.host.cookie, () => goLiveAction({ roomName: room, title: "From the action", description: "Hello" }));
    if (!answer.ok) throw new Error(JSON.stringify(answer));
    await control().settle();
    const answered = await status(answer.data.livestreamId);
    expect({ title: answered.title, description: answered.description }).toEqual({ title: "From the action", description: "Hello" });
    expect(control().muxLiveStream(answer.data.muxLiveStreamId)?.meta).toEqual({ title: "From the action" });
  });
});

describe("limits: a 400 with the whole sentence, nothing created upstream", () => {
  const bad = (error: string) => ({ status: 400, body: { error, code: "bad_request" } });
  test.each([
    ["a title over 100 characters", { title: "x".repeat(101) }, "title must be at most 100 characters."],
    ["a title of only spaces", { title: "   " }, "title must not be empty; leave it out for no title."],
    ["a title with a line break", { title: "one\ntwo" }, "title must not contain control characters."],
    ["a title with a bidi override", { title: "\u202Eevil" }, "title must not contain control characters."],
    ["a title that is not a string", { title: 12 }, "title must be a string."],
    ["a description over 2000 characters", { description: "y".repeat(2001) }, "description must be at most 2000 characters."],
    ["a description with a NUL", { description: "a\u0000b" }, "description must not contain control characters other than line breaks and tabs."],
    ["a description that is not a string", { description: ["x"] }, "description must be a string."],
  ])("%s", async (_name, fields, error) => {
    const room = nextRoom();
    control().joinRoom(room, t.host.id);
    const creates = muxCreates().length;
    const res = await t.host.request("POST", "/api/video/livestream", { roomName: room, ...fields });
    expect({ status: res.status, body: res.body }).toEqual(bad(error));
    expect(muxCreates().length).toBe(creates);
  });

  test("100 and 2000 characters exactly are fine (a title's surrounding spaces don't count)", async () => {
    const started = await goLive({ title: ` ${"t".repeat(100)} `, description: "d".repeat(2000) });
    const answered = await status(started.livestreamId);
    expect(answered.title).toBe("t".repeat(100));
    expect(answered.description).toHaveLength(2000);
  });

  test("the server action answers the same sentence", async () => {
    const room = nextRoom();
    control().joinRoom(room, t.host.id);
    const answer = await callAction(t.host.cookie, () => goLiveAction({ roomName: room, title: "x".repeat(101) }));
    expect(answer).toEqual({ ok: false, error: "title must be at most 100 characters.", code: "bad_request" });
  });
});
