// Every stream key of a broadcast — MUX's and each extra destination's, added at go-live or
// while live — is masked wherever LiveKit's error text names it, in a URL or not, in what is
// stored and what is answered, while live and after the end, when the destinations' full URLs
// are erased and only keyed hashes of their keys remain (docs/architecture.md, "Security model").
import { eq } from "drizzle-orm";
import { describe, expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { livestreams } from "@golive/next/db";
import { listSavedDestinationsResultSchema, livestreamStatusResultSchema, savedDestinationResultSchema, startLivestreamResultSchema } from "@golive/next/contract";
import { parseBody } from "../support/test-app";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ host: "Host" });

const ytKey = "yt-late-key-0123456789";
const addedKey = "added-key-abcdefghijkl";
const masked = (key: string) => `${key.slice(0, 4)}…${key.slice(-4)}`;

async function goLive(room: string) {
  t.app.sandbox.control.joinRoom(room, t.host.id);
  const res = await t.host.request("POST", "/api/video/livestream", { roomName: room, additionalDestinations: [{ type: "youtube", streamKey: ytKey }] });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return parseBody(res, startLivestreamResultSchema);
}

async function row(id: string) {
  const db = await getDb();
  const [found] = await db.select().from(livestreams).where(eq(livestreams.id, id));
  if (!found) throw new Error("no row");
  return found;
}

const status = (id: string) => t.host.get(`/api/video/livestream/status?id=${id}`, livestreamStatusResultSchema);

/** The row as stored, every column, as text (bigint as a string). */
const storedText = async (id: string) => JSON.stringify(await row(id), (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v));

describe("a destination's key named outside a URL", () => {
  test("while live: the answer and the stored row have it masked, and the failure reason too", async () => {
    const live = await goLive("mask-live");
    await t.app.sandbox.control.settle();
    const muxKey = t.app.sandbox.control.muxLiveStream(live.muxLiveStreamId)?.stream_key ?? "";

    t.app.sandbox.control.failStreamUrl(live.egressId, "youtube", `publish refused: stream key ${ytKey} is not live (key=${ytKey})`);
    await t.app.sandbox.control.settle();
    expect((await status(live.livestreamId)).destinations.map((d) => [d.name, d.status, d.error])).toEqual([
      ["MUX", "live", undefined],
      ["youtube", "failed", `publish refused: stream key ${masked(ytKey)} is not live (key=${masked(ytKey)})`],
    ]);

    // MUX's output fails the egress; LiveKit's reason names the other destination's key.
    t.app.sandbox.control.failStreamUrl(live.egressId, "global-live.mux.com", `egress aborted after ${ytKey} and ${muxKey} failed`);
    await t.app.sandbox.control.settle();
    const shown = await status(live.livestreamId);
    expect(shown).toMatchObject({ status: "failed", failureReason: `The LiveKit egress failed: egress aborted after ${masked(ytKey)} and ${masked(muxKey)} failed` });
    const stored = await storedText(live.livestreamId);
    expect(stored).not.toContain(ytKey);
    expect(JSON.stringify(shown)).not.toContain(ytKey);
  });

  test("after the stop: LiveKit's late report is masked with every key, though the full URLs are gone", async () => {
    const live = await goLive("mask-late");
    await t.app.sandbox.control.settle();
    const added = await t.host.request("PATCH", "/api/video/livestream", {
      livestreamId: live.livestreamId,
      addDestinations: [{ type: "custom", name: "Added", streamKey: addedKey, customRtmpUrl: "rtmp://live.example.com/app" }],
    });
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    await t.app.sandbox.control.settle();

    // LiveKit's reports of the failures are held until after the stop.
    t.app.sandbox.control.webhookFault({ service: "livekit", action: "hold", times: Number.POSITIVE_INFINITY });
    t.app.sandbox.control.failStreamUrl(live.egressId, "youtube", `stream key ${ytKey} rejected`);
    t.app.sandbox.control.failStreamUrl(live.egressId, "live.example.com", `${addedKey}: unauthorized (key ${addedKey})`);
    const stop = await t.host.request("DELETE", "/api/video/livestream", { livestreamId: live.livestreamId });
    expect(stop.status).toBe(200);
    expect(await row(live.livestreamId)).toMatchObject({ status: "completed", destinationUrlsSealed: null });

    await t.app.sandbox.control.releaseHeld();
    await t.app.sandbox.control.settle();
    const shown = await status(live.livestreamId);
    expect(shown.destinations.map((d) => [d.name, d.status, d.error])).toEqual([
      ["MUX", "finished", undefined],
      ["youtube", "failed", `stream key ${masked(ytKey)} rejected`],
      ["Added", "failed", `${masked(addedKey)}: unauthorized (key ${masked(addedKey)})`],
    ]);
    const stored = await storedText(live.livestreamId);
    expect(stored).not.toContain(ytKey);
    expect(stored).not.toContain(addedKey);
    // Only keyed hashes of the keys are kept, never the keys.
    expect((await row(live.livestreamId)).destinationKeyHashes).toEqual([expect.stringMatching(/^22\.[\w-]{43}$/), expect.stringMatching(/^22\.[\w-]{43}$/)]);
  });
});

describe("a saved destination's key (docs/architecture.md, \"Saved destinations\")", () => {
  const savedKey = "saved-key-mnopqrstuvwx";

  test("never in the saved-destination answers, and masked in LiveKit's text once a broadcast uses it", async () => {
    const texts: string[] = [];
    const created = await t.host.request("POST", "/api/video/destinations", { type: "custom", name: "Saved own", streamKey: savedKey, customRtmpUrl: "rtmp://saved.example.com/app" });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    texts.push(JSON.stringify(created.body));
    const { id } = parseBody(created, savedDestinationResultSchema).destination;
    const listed = await t.host.request("GET", "/api/video/destinations");
    texts.push(JSON.stringify(listed.body));
    expect(parseBody(listed, listSavedDestinationsResultSchema).destinations).toEqual([expect.objectContaining({ id, maskedKey: masked(savedKey) })]);
    const renamed = await t.host.request("PATCH", "/api/video/destinations", { id, name: "Saved own server" });
    texts.push(JSON.stringify(renamed.body));

    const room = "mask-saved";
    t.app.sandbox.control.joinRoom(room, t.host.id);
    const res = await t.host.request("POST", "/api/video/livestream", { roomName: room, additionalDestinations: [{ savedDestinationId: id }] });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    texts.push(JSON.stringify(res.body));
    const live = parseBody(res, startLivestreamResultSchema);
    await t.app.sandbox.control.settle();
    t.app.sandbox.control.failStreamUrl(live.egressId, "saved.example.com", `publish refused: ${savedKey} is not allowed (key=${savedKey})`);
    await t.app.sandbox.control.settle();
    const shown = await status(live.livestreamId);
    texts.push(JSON.stringify(shown));
    expect(shown.destinations.map((d) => [d.name, d.status, d.error])).toEqual([
      ["MUX", "live", undefined],
      ["Saved own server", "failed", `publish refused: ${masked(savedKey)} is not allowed (key=${masked(savedKey)})`],
    ]);
    const deleted = await t.host.request("DELETE", "/api/video/destinations", { id });
    texts.push(JSON.stringify(deleted.body));
    expect(await storedText(live.livestreamId)).not.toContain(savedKey);
    expect(texts.filter((text) => text.includes(savedKey))).toEqual([]);
  });
});
