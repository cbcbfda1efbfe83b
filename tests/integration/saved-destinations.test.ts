// Saved destinations end to end (docs/architecture.md, "Saved destinations"): saved, listed,
// renamed, re-keyed and deleted through /api/video/destinations; refused as a go-live
// destination is refused; picked by id at go-live and while live, where the egress dials the
// same full URL pasting would give; only their owner sees or uses them (another user's id is
// 404); their keys are in no answer, no log line and no column but the sealed one. Real route
// handlers over HTTP, a real database, the sandbox's LiveKit and MUX.
import "../support/next-request-scope";
import { eq } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { getDb } from "@/lib/db";
import { goLive as goLiveAction, updateLivestream } from "@/app/actions/livestream";
import { deleteSavedDestination, saveDestination, savedDestinations as savedDestinationsAction, updateSavedDestination } from "@/app/actions/saved-destinations";
import { livestreams, savedDestinations } from "@golive/next/db";
import {
  listSavedDestinationsResultSchema,
  livestreamStatusResultSchema,
  MAX_SAVED_DESTINATIONS,
  savedDestinationResultSchema,
  startLivestreamResultSchema,
  type SavedDestination,
} from "@golive/next/contract";
import { callAction } from "../support/server-actions";
import { type JsonResponse, parseBody, type TestUser } from "../support/test-app";
import { useTestApp } from "../support/test-file";
import { jsonObjectSchema, recordedBody, roomCompositeEgressSchema } from "../support/upstream-requests";

const t = useTestApp({ host: "Host", stranger: "Stranger", capped: "Capped", actor: "Actor" });

const YT_KEY = "saved-yt-0123-4567-89ab";
const TWITCH_KEY = "live_987654321_savedtwitchkey";
const OWN_KEY = "saved-own-key-abcdefghij";
const NEW_KEY = "replaced-yt-key-zyxwvuts";
const PASTED_KEY = "pasted-key-0123456789";
const KEYS = [YT_KEY, TWITCH_KEY, OWN_KEY, NEW_KEY, PASTED_KEY];
const masked = (key: string) => `${key.slice(0, 4)}…${key.slice(-4)}`;

// Every answer and every log line of the file, to prove no key reaches one.
const answers: string[] = [];
const logged: string[] = [];
beforeEach(() => {
  for (const level of ["log", "info", "warn", "error"] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => void logged.push(args.map(String).join(" ")));
  }
});
afterEach(() => vi.restoreAllMocks());

async function call(who: TestUser, method: string, body?: unknown, path = "/api/video/destinations"): Promise<JsonResponse> {
  const res = await who.request(method, path, body);
  answers.push(JSON.stringify(res.body));
  return res;
}

async function save(body: Record<string, unknown>, who = t.host): Promise<SavedDestination> {
  const res = await call(who, "POST", body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return parseBody(res, savedDestinationResultSchema).destination;
}

async function list(who = t.host): Promise<SavedDestination[]> {
  const res = await call(who, "GET");
  expect(res.status).toBe(200);
  return parseBody(res, listSavedDestinationsResultSchema).destinations;
}

async function storedRow(id: string) {
  const db = await getDb();
  const [row] = await db.select().from(savedDestinations).where(eq(savedDestinations.id, id));
  return row;
}

let rooms = 0;
async function goLive(additionalDestinations: unknown[], who = t.host) {
  const room = `saved-${++rooms}`;
  t.app.sandbox.control.joinRoom(room, who.id);
  const res = await call(who, "POST", { roomName: room, additionalDestinations }, "/api/video/livestream");
  return { room, res };
}

async function status(id: string) {
  const res = await call(t.host, "GET", undefined, `/api/video/livestream/status?id=${id}`);
  expect(res.status).toBe(200);
  return parseBody(res, livestreamStatusResultSchema);
}

const lastEgressUrls = () => recordedBody(t.app.sandbox.control.requests({ service: "livekit", rpc: "StartRoomCompositeEgress" }).at(-1), roomCompositeEgressSchema).streamOutputs[0]?.urls ?? [];
const lastUpdateStream = () => recordedBody(t.app.sandbox.control.requests({ service: "livekit", rpc: "UpdateStream" }).at(-1), jsonObjectSchema.optional());

const youtube = { type: "youtube" as const, name: "My YouTube", streamKey: YT_KEY };
const twitch = { type: "twitch" as const, name: "twitch EU", streamKey: TWITCH_KEY, twitchIngestServer: "live-fra.twitch.tv" };
const own = { type: "custom" as const, name: "Own server", streamKey: OWN_KEY, customRtmpUrl: "rtmp://live.example.com/app/" };

describe("saving and listing", () => {
  test("saves YouTube, Twitch and custom destinations; answers and lists them masked, by name whatever its case", async () => {
    const yt = await save(youtube);
    expect(yt).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      name: "My YouTube",
      type: "youtube",
      server: null,
      maskedKey: masked(YT_KEY),
      maskedUrl: `rtmp://a.rtmp.youtube.com/live2/${masked(YT_KEY)}`,
      createdAt: expect.any(Date),
      updatedAt: expect.any(Date),
    });
    const tw = await save(twitch);
    expect(tw).toMatchObject({ type: "twitch", server: "live-fra.twitch.tv", maskedUrl: `rtmp://live-fra.twitch.tv/app/${masked(TWITCH_KEY)}` });
    const custom = await save(own);
    // The server is kept as written; the URL the egress dials drops its trailing slash (as go-live does).
    expect(custom).toMatchObject({ type: "custom", server: "rtmp://live.example.com/app/", maskedUrl: `rtmp://live.example.com/app/${masked(OWN_KEY)}` });

    expect((await list()).map((d) => d.name)).toEqual(["My YouTube", "Own server", "twitch EU"]);
    // Another user sees none of them.
    expect(await list(t.stranger)).toEqual([]);

    // The key is stored only sealed: no column holds it, and the seal is bound to the row.
    const row = await storedRow(yt.id);
    expect(JSON.stringify(row)).not.toContain(YT_KEY);
    expect(row?.streamKeySealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
  });

  test.each([
    ["no name", { type: "youtube", streamKey: YT_KEY }, "name is required."],
    ["an empty name", { ...youtube, name: "  " }, "name must not be empty."],
    ["a name too long", { ...youtube, name: "n".repeat(101) }, "name must be at most 100 characters."],
    ["a control character in the name", { ...youtube, name: "a\u0000b" }, "name must not contain control characters."],
    ["an unknown type", { ...youtube, type: "mux" }, 'type must be "youtube", "twitch" or "custom".'],
    ["no key", { type: "youtube", name: "K" }, "streamKey is required."],
    ["a key that leaves its path segment", { ...youtube, name: "K", streamKey: "abc/def" }, "streamKey must not contain '/', '?', '#', '%', '\\', whitespace or control characters."],
    ["a custom destination without a URL", { type: "custom", name: "C", streamKey: OWN_KEY }, "customRtmpUrl is required for custom destinations."],
    ["a custom URL that isn't RTMP", { ...own, name: "C", customRtmpUrl: "https://live.example.com/app" }, "customRtmpUrl must be an rtmp:// or rtmps:// URL with a host, like rtmp://live.example.com/app."],
    ["a custom URL with a query", { ...own, name: "C", customRtmpUrl: "rtmp://live.example.com/app?key=1" }, "customRtmpUrl must not have a query or fragment; give the stream key separately."],
    ["a private host", { ...own, name: "C", customRtmpUrl: "rtmp://10.1.2.3/app" }, "customRtmpUrl must point at a public RTMP server, not a loopback, private or link-local address."],
    ["a loopback host", { ...own, name: "C", customRtmpUrl: "rtmps://127.0.0.1:443/app" }, "customRtmpUrl must point at a public RTMP server, not a loopback, private or link-local address."],
    ["a Twitch server that isn't Twitch's", { ...twitch, name: "T", twitchIngestServer: "evil.example.com" }, "twitchIngestServer must be a Twitch ingest server: live.twitch.tv, live-<region>.twitch.tv or <server>.contribute.live-video.net."],
  ])("refuses %s with 400 and a sentence naming the field", async (_, body, error) => {
    const res = await call(t.stranger, "POST", body);
    expect(res).toMatchObject({ status: 400, body: { error, code: "bad_request" } });
    expect(Object.keys(res.body as object).sort()).toEqual(["code", "error"]);
  });

  test("a name is one per user whatever its case: 409; another user may use it", async () => {
    await save({ ...youtube, name: "Dup Name" }, t.stranger);
    const res = await call(t.stranger, "POST", { ...youtube, name: "dup name" });
    expect(res).toMatchObject({ status: 409, body: { error: 'You already have a saved destination named "dup name". Choose another name, or change that one.', code: "conflict" } });
    await save({ ...youtube, name: "dup name" }, t.capped);
  });

  test(`at most ${MAX_SAVED_DESTINATIONS} per user: the next is 409, and deleting one makes room`, async () => {
    const user = await t.app.newUser("Full");
    const made: SavedDestination[] = [];
    for (let i = 0; i < MAX_SAVED_DESTINATIONS; i++) made.push(await save({ ...youtube, name: `YT ${i}` }, user));
    const res = await call(user, "POST", { ...youtube, name: "one more" });
    expect(res).toMatchObject({
      status: 409,
      body: { error: `You already have ${MAX_SAVED_DESTINATIONS} saved destinations, the most one account may keep: delete one you no longer use, then save this one.`, code: "conflict" },
    });
    expect(await list(user)).toHaveLength(MAX_SAVED_DESTINATIONS);
    expect((await call(user, "DELETE", { id: made[0]?.id })).status).toBe(200);
    await save({ ...youtube, name: "one more" }, user);
  });

  test("signed out: 401", async () => {
    expect(await t.app.anonymous.request("GET", "/api/video/destinations")).toMatchObject({ status: 401, body: { error: "Sign in to continue.", code: "unauthorized" } });
    expect(await t.app.anonymous.request("POST", "/api/video/destinations", youtube)).toMatchObject({ status: 401, body: { code: "unauthorized" } });
  });
});

describe("changing and deleting", () => {
  test("renames, and replaces the key: the sealed key is sealed anew and the mask follows", async () => {
    const saved = await save({ ...youtube, name: "To change" });
    const before = await storedRow(saved.id);
    const renamed = await call(t.host, "PATCH", { id: saved.id, name: "Changed" });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect(parseBody(renamed, savedDestinationResultSchema).destination).toMatchObject({ name: "Changed", maskedKey: masked(YT_KEY) });

    const rekeyed = parseBody(await call(t.host, "PATCH", { id: saved.id, streamKey: NEW_KEY }), savedDestinationResultSchema).destination;
    expect(rekeyed).toMatchObject({ name: "Changed", maskedKey: masked(NEW_KEY), maskedUrl: `rtmp://a.rtmp.youtube.com/live2/${masked(NEW_KEY)}` });
    expect(rekeyed.updatedAt.getTime()).toBeGreaterThanOrEqual(saved.updatedAt.getTime());
    const after = await storedRow(saved.id);
    expect(after?.streamKeySealed).not.toBe(before?.streamKeySealed);
    expect(JSON.stringify(after)).not.toContain(NEW_KEY);

    // Go-live with it dials the new key.
    const { res } = await goLive([{ savedDestinationId: saved.id }]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    expect(lastEgressUrls().slice(1)).toEqual([`rtmp://a.rtmp.youtube.com/live2/${NEW_KEY}`]);
  });

  test("moves a custom destination to another server, its key kept; Twitch back to its default server with null", async () => {
    const custom = await save({ ...own, name: "Movable" });
    const moved = parseBody(await call(t.host, "PATCH", { id: custom.id, customRtmpUrl: "rtmps://edge.example.com:443/live" }), savedDestinationResultSchema).destination;
    expect(moved).toMatchObject({ server: "rtmps://edge.example.com:443/live", maskedUrl: `rtmps://edge.example.com:443/live/${masked(OWN_KEY)}` });
    const tw = await save({ ...twitch, name: "Twitch movable" });
    const back = parseBody(await call(t.host, "PATCH", { id: tw.id, twitchIngestServer: null }), savedDestinationResultSchema).destination;
    expect(back).toMatchObject({ server: null, maskedUrl: `rtmp://live.twitch.tv/app/${masked(TWITCH_KEY)}` });
  });

  test.each([
    ["no change", (id: string) => ({ id }), 400, "Provide at least one change: name, streamKey, customRtmpUrl or twitchIngestServer."],
    ["an unknown field", (id: string) => ({ id, type: "twitch" }), 400, 'Unrecognized key: "type" Provide at least one change: name, streamKey, customRtmpUrl or twitchIngestServer.'],
    ["a custom URL for a YouTube destination", (id: string) => ({ id, customRtmpUrl: "rtmp://live.example.com/app" }), 400, "customRtmpUrl is only for custom destinations; this one is youtube."],
    ["a bad key", (id: string) => ({ id, streamKey: "a b" }), 400, "streamKey must not contain '/', '?', '#', '%', '\\', whitespace or control characters."],
    ["a name another of yours has", (id: string) => ({ id, name: "TAKEN" }), 409, 'You already have a saved destination named "TAKEN". Choose another name, or change that one.'],
    ["an id that is no uuid", () => ({ id: "not-a-uuid", name: "x" }), 404, "Saved destination not found."],
    ["an id of nothing", () => ({ id: "00000000-0000-4000-8000-000000000000", name: "x" }), 404, "Saved destination not found."],
  ])("PATCH refuses %s", async (_, body, statusCode, error) => {
    const user = await t.app.newUser("Patcher");
    const saved = await save({ ...youtube, name: "Mine" }, user);
    await save({ ...youtube, name: "Taken" }, user);
    const res = await call(user, "PATCH", body(saved.id));
    expect(res.status).toBe(statusCode);
    expect(res.body).toEqual({ error, code: statusCode === 400 ? "bad_request" : statusCode === 409 ? "conflict" : "not_found" });
  });

  test("another user's id is 404 for every method, as an id of nothing is, and changes nothing", async () => {
    const saved = await save({ ...youtube, name: "Not yours" });
    const notFound = { status: 404, body: { error: "Saved destination not found.", code: "not_found" } };
    expect(await call(t.stranger, "PATCH", { id: saved.id, name: "Stolen" })).toMatchObject(notFound);
    expect(await call(t.stranger, "PATCH", { id: saved.id, streamKey: "stolen-key-123456" })).toMatchObject(notFound);
    expect(await call(t.stranger, "DELETE", { id: saved.id })).toMatchObject(notFound);
    const { res } = await goLive([{ savedDestinationId: saved.id }], t.stranger);
    expect(res).toMatchObject({ status: 404, body: { error: "additionalDestinations[0].savedDestinationId: saved destination not found.", code: "not_found" } });
    expect((await list()).find((d) => d.id === saved.id)).toMatchObject({ name: "Not yours", maskedKey: masked(YT_KEY) });
  });

  test("deletes: the row and its sealed key are gone; a second delete is 404", async () => {
    const saved = await save({ ...youtube, name: "Delete me" });
    const res = await call(t.host, "DELETE", { id: saved.id });
    expect(res.status).toBe(200);
    expect(parseBody(res, savedDestinationResultSchema).destination).toMatchObject({ id: saved.id, name: "Delete me" });
    expect(await storedRow(saved.id)).toBeUndefined();
    expect(await call(t.host, "DELETE", { id: saved.id })).toMatchObject({ status: 404, body: { error: "Saved destination not found.", code: "not_found" } });
    expect((await list()).map((d) => d.id)).not.toContain(saved.id);
  });
});

describe("going live with saved destinations", () => {
  test("a saved id reaches the egress as the full URL pasting gives, next to pasted ones, named as saved", async () => {
    const yt = await save({ ...youtube, name: "Live YT" });
    const custom = await save({ ...own, name: "Live own" });
    const { res } = await goLive([{ savedDestinationId: yt.id }, { type: "twitch", name: "Pasted", streamKey: PASTED_KEY }, { savedDestinationId: custom.id }]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    // Compared, never printed: the URLs carry the keys.
    expect(lastEgressUrls().slice(1)).toEqual([`rtmp://a.rtmp.youtube.com/live2/${YT_KEY}`, `rtmp://live.twitch.tv/app/${PASTED_KEY}`, `rtmp://live.example.com/app/${OWN_KEY}`]);
    await t.app.sandbox.control.settle();
    const live = await status(parseBody(res, startLivestreamResultSchema).livestreamId);
    expect(live.destinations.map(({ id: _id, error: _error, ...d }) => d)).toEqual([
      expect.objectContaining({ type: "mux" }),
      { type: "youtube", name: "Live YT", maskedUrl: `rtmp://a.rtmp.youtube.com/live2/${masked(YT_KEY)}`, status: "live" },
      { type: "twitch", name: "Pasted", maskedUrl: `rtmp://live.twitch.tv/app/${masked(PASTED_KEY)}`, status: "live" },
      { type: "custom", name: "Live own", maskedUrl: `rtmp://live.example.com/app/${masked(OWN_KEY)}`, status: "live" },
    ]);
    // The broadcast's row holds its own sealed copy and key hashes, as for pasted destinations.
    const db = await getDb();
    const [row] = await db.select().from(livestreams).where(eq(livestreams.id, live.livestreamId));
    expect(row?.destinationUrlsSealed).toEqual(expect.any(String));
    expect(row?.destinationKeyHashes).toHaveLength(3);
    expect(JSON.stringify(row, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))).not.toContain(YT_KEY);
  });

  test.each([
    ["the same destination saved and pasted", (id: string) => [{ savedDestinationId: id }, { type: "youtube", streamKey: YT_KEY }], 400, "additionalDestinations[1] is the same destination as additionalDestinations[0]."],
    ["a saved id with other fields", (id: string) => [{ savedDestinationId: id, streamKey: YT_KEY }], 400, "additionalDestinations[0]: a saved destination is named by savedDestinationId alone: leave out type, streamKey and the other fields."],
    ["an empty saved id", () => [{ savedDestinationId: "" }], 400, "additionalDestinations[0].savedDestinationId: savedDestinationId is required."],
    ["a saved id of nothing", () => [{ type: "youtube", streamKey: PASTED_KEY }, { savedDestinationId: "00000000-0000-4000-8000-000000000000" }], 404, "additionalDestinations[1].savedDestinationId: saved destination not found."],
    ["an rtmps saved destination with an rtmp one", (id: string) => [{ savedDestinationId: id }, { type: "custom", streamKey: PASTED_KEY, customRtmpUrl: "rtmps://edge.example.com:443/live" }], 400, "additionalDestinations must all use the same protocol: LiveKit sends one egress over either rtmp:// or rtmps://, not both."],
  ])("refuses %s as pasting would", async (_, destinations, statusCode, error) => {
    const saved = await save({ ...youtube, name: `Refused ${rooms}` });
    const before = t.app.sandbox.control.requests({ service: "livekit", rpc: "StartRoomCompositeEgress" }).length;
    const { res } = await goLive(destinations(saved.id));
    expect(res.status).toBe(statusCode);
    expect(res.body).toEqual({ error, code: statusCode === 400 ? "bad_request" : "not_found" });
    expect(t.app.sandbox.control.requests({ service: "livekit", rpc: "StartRoomCompositeEgress" }).length).toBe(before);
  });

  test("while live: PATCH addDestinations takes a saved id; deleting it afterwards leaves the broadcast as it is, and it can still be removed", async () => {
    const { res } = await goLive([{ type: "youtube", name: "Pasted YT", streamKey: PASTED_KEY }]);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const { livestreamId } = parseBody(res, startLivestreamResultSchema);
    await t.app.sandbox.control.settle();
    const custom = await save({ ...own, name: "Added while live" });
    const added = await call(t.host, "PATCH", { livestreamId, addDestinations: [{ savedDestinationId: custom.id }] }, "/api/video/livestream");
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(lastUpdateStream()?.addOutputUrls).toEqual([`rtmp://live.example.com/app/${OWN_KEY}`]);
    await t.app.sandbox.control.settle();

    expect((await call(t.host, "DELETE", { id: custom.id })).status).toBe(200);
    const live = await status(livestreamId);
    const addedDestination = live.destinations.find((d) => d.name === "Added while live");
    expect(addedDestination).toMatchObject({ type: "custom", status: "live", maskedUrl: `rtmp://live.example.com/app/${masked(OWN_KEY)}` });

    // The broadcast's own sealed copy removes it: LiveKit is told its full URL.
    const removed = await call(t.host, "PATCH", { livestreamId, removeDestinations: [addedDestination?.id] }, "/api/video/livestream");
    expect(removed.status, JSON.stringify(removed.body)).toBe(200);
    expect(lastUpdateStream()?.removeOutputUrls).toEqual([`rtmp://live.example.com/app/${OWN_KEY}`]);
    // Deleted, it can't be added again.
    const again = await call(t.host, "PATCH", { livestreamId, addDestinations: [{ savedDestinationId: custom.id }] }, "/api/video/livestream");
    expect(again).toMatchObject({ status: 404, body: { error: "addDestinations[0].savedDestinationId: saved destination not found.", code: "not_found" } });
  });
});

describe("through the server actions", () => {
  const as = <T>(call: () => Promise<T>) => callAction(t.actor.cookie, call);

  test("save, list, rename, go live and add while live with saved ids, delete — keys masked in every answer", async () => {
    const made = await as(() => saveDestination({ ...youtube, name: "Action YT" }));
    if (!made.ok) throw new Error(JSON.stringify(made));
    answers.push(JSON.stringify(made));
    expect(made.data).toMatchObject({ name: "Action YT", maskedKey: masked(YT_KEY) });
    const own2 = await as(() => saveDestination({ ...own, name: "Action own" }));
    if (!own2.ok) throw new Error(JSON.stringify(own2));

    expect(await as(() => saveDestination({ ...youtube, name: "action yt" }))).toEqual({
      ok: false,
      error: 'You already have a saved destination named "action yt". Choose another name, or change that one.',
      code: "conflict",
    });
    const renamed = await as(() => updateSavedDestination({ id: made.data.id, name: "Action YouTube" }));
    expect(renamed).toMatchObject({ ok: true, data: { name: "Action YouTube" } });
    const listed = await as(() => savedDestinationsAction());
    answers.push(JSON.stringify(listed));
    expect(listed.ok && listed.data.map((d) => d.name)).toEqual(["Action own", "Action YouTube"]);

    const room = "saved-action-room";
    t.app.sandbox.control.joinRoom(room, t.actor.id);
    const live = await as(() => goLiveAction({ roomName: room, additionalDestinations: [{ savedDestinationId: made.data.id }] }));
    answers.push(JSON.stringify(live));
    if (!live.ok) throw new Error(JSON.stringify(live));
    expect(lastEgressUrls().slice(1)).toEqual([`rtmp://a.rtmp.youtube.com/live2/${YT_KEY}`]);
    await t.app.sandbox.control.settle();
    const changed = await as(() => updateLivestream({ livestreamId: live.data.livestreamId, addDestinations: [{ savedDestinationId: own2.data.id }] }));
    answers.push(JSON.stringify(changed));
    expect(changed.ok, JSON.stringify(changed)).toBe(true);
    expect(lastUpdateStream()?.addOutputUrls).toEqual([`rtmp://live.example.com/app/${OWN_KEY}`]);

    // Another user's id through the actions: not found, as through the routes.
    expect(await callAction(t.stranger.cookie, () => deleteSavedDestination({ id: made.data.id }))).toEqual({ ok: false, error: "Saved destination not found.", code: "not_found" });
    expect(await as(() => deleteSavedDestination({ id: made.data.id }))).toMatchObject({ ok: true, data: { id: made.data.id } });
  });
});

describe("keys", () => {
  test("no key in any answer of this file, nor in any log line", () => {
    expect(answers.length).toBeGreaterThan(40);
    const leaks = KEYS.flatMap((key) => [...answers, ...logged].filter((text) => text.includes(key)).map((text) => `${key}: ${text.slice(0, 200)}`));
    expect(leaks).toEqual([]);
  });
});
