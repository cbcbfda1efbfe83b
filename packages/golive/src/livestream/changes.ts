import "server-only";
// Changes to a live broadcast (PATCH /api/video/livestream): its layout, and destinations added
// or removed without ending it, in three steps (docs/architecture.md, "Changing a live broadcast").
import { eq } from "drizzle-orm";
import { randomUUID } from "node:crypto";
import { getDb, type Livestream, livestreams, type StoredDestination } from "../db";
import {
  type DestinationInput,
  type PlannedDestination,
  planDestinations,
  storedDestinations,
  isOver,
  trimEnded,
  assertPublicDestinations,
  openUrls,
  keyHashesFor,
  protocolOf,
} from "../destinations";
import { takeChangeTurn } from "./change-rate";
import {
  badRequest,
  LivestreamError,
  type LivestreamStatusResult,
  MAX_DESTINATIONS,
  type Layout,
} from "../contract";
import { applyEgressUpdate } from "./egress-events";
import {
  egressUpdateFrom,
  twirpCode,
  updateLayout,
  updateStream,
  assertUpstreamConfigured,
  upstreamFailure,
} from "../upstream";
import { notFound, requireActiveInRoom, requireControllable, statusOf } from "./read";
import { MUX_DESTINATION_ID, sealDestinationUrls } from "./row-destinations";
import { patchRunningRow } from "./running-row";

export type LivestreamTarget = { livestreamId: string } | { roomName: string };

export type LiveChanges = {
  layout?: Layout;
  addDestinations?: readonly DestinationInput[];
  /** Destination ids, as status lists them. */
  removeDestinations?: readonly string[];
};

/** Applies `changes` to a live broadcast the caller may control (broadcast-policy.ts); answers its status, as the status route does. */
export async function changeLivestream(target: LivestreamTarget, changes: LiveChanges, userId: string): Promise<LivestreamStatusResult> {
  // Input first, nothing read or written yet: a bad key or host is a 400 whatever the broadcast.
  const adds = planDestinations(changes.addDestinations ?? [], "addDestinations").destinations;
  const removes = [...new Set(changes.removeDestinations ?? [])];
  if (changes.layout === undefined && adds.length === 0 && removes.length === 0) {
    throw badRequest("Provide at least one change: layout, addDestinations or removeDestinations.");
  }
  await assertPublicDestinations(adds, "addDestinations");
  assertUpstreamConfigured();

  // Each step answers the row as it left it: the status is that of the last one.
  let row = "livestreamId" in target ? await requireControllable(target.livestreamId, userId) : await requireActiveInRoom(target.roomName, userId);
  const egressId = assertChangeable(row);
  // At most CHANGES_PER_MINUTE a minute per broadcast, across instances (change-rate.ts).
  await takeChangeTurn(row.id);
  if (changes.layout !== undefined && changes.layout !== row.layout) row = await switchLayout(row.id, egressId, changes.layout);
  if (adds.length > 0 || removes.length > 0) row = await changeDestinations(row.id, egressId, adds, removes);
  return statusOf(row);
}

/** First, so a later failure leaves the layout applied, and the row says so. */
async function switchLayout(rowId: string, egressId: string, layout: Layout): Promise<Livestream> {
  try {
    await updateLayout(egressId, layout);
  } catch (error) {
    throw egressChangeFailure(error, "Could not switch the layout");
  }
  const db = await getDb();
  const [row] = await db.update(livestreams).set({ layout, updatedAt: new Date() }).where(eq(livestreams.id, rowId)).returning();
  if (!row) throw notFound();
  return row;
}

/** Only a running egress can change: `active`, or `starting` once the egress exists. */
export function assertChangeable(row: Livestream): string {
  if (row.egressId && (row.status === "active" || row.status === "starting")) return row.egressId;
  if (row.status === "starting") throw new LivestreamError("conflict", "This broadcast is still starting. Try again in a moment.");
  throw new LivestreamError("conflict", `This broadcast is not live (status: ${row.status}), so it can't be changed.`);
}

type Prepared = { added: StoredDestination[]; removeUrls: string[]; secrets: string[] };

async function changeDestinations(rowId: string, egressId: string, adds: readonly PlannedDestination[], removes: readonly string[]): Promise<Livestream> {
  const prepared = await prepare(rowId, adds, removes);
  let answer;
  try {
    answer = await updateStream(
      egressId,
      adds.map((d) => d.rtmpUrl),
      prepared.removeUrls,
    );
  } catch (error) {
    await takeBack(rowId, prepared.added);
    throw egressChangeFailure(error, "Could not change the destinations", prepared.secrets);
  }
  // Step 2 was UpdateStream. Its answer is LiveKit's state after the change: the same merge as its events.
  await applyEgressUpdate(egressUpdateFrom(answer));
  return markRemoved(rowId, removes);
}

/** Step 3: the removed destinations `finished` with `removedAt`, whatever LiveKit's answer said of them; the row as it is now. */
async function markRemoved(rowId: string, removes: readonly string[]): Promise<Livestream> {
  const removedAt = new Date().toISOString();
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(livestreams).where(eq(livestreams.id, rowId)).for("update").limit(1);
    if (!current) throw notFound();
    const marked = current.destinations.map((d): StoredDestination => {
      if (d.id === undefined || !removes.includes(d.id)) return d;
      const { error: _error, ...rest } = d;
      return { ...rest, status: "finished", removedAt };
    });
    const [row] = await tx.update(livestreams).set({ destinations: trimEnded(marked).kept, updatedAt: new Date() }).where(eq(livestreams.id, rowId)).returning();
    return row ?? current;
  });
}

/** Step 1: checks every rule against the row as it is, under its lock, and records the additions `connecting` with their sealed URLs. */
async function prepare(rowId: string, adds: readonly PlannedDestination[], removes: readonly string[]): Promise<Prepared> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(livestreams).where(eq(livestreams.id, rowId)).for("update").limit(1);
    if (!row) throw notFound();
    assertChangeable(row);
    const urls = openUrls(row.destinationUrlsSealed, row.id);
    const secrets = [row.muxStreamKey ?? "", ...adds.map((d) => d.streamKey), ...Object.values(urls).map(keyOf)].filter((k) => k !== "");

    const removeUrls = removes.map((id, i) => {
      const field = `removeDestinations[${i}]`;
      const destination = row.destinations.find((d) => d.id === id);
      if (!destination) throw badRequest(`${field}: this broadcast has no destination "${id}".`);
      if (id === MUX_DESTINATION_ID) throw badRequest(`${field}: MUX can't be removed: it is the broadcast and its recording. End the broadcast instead.`);
      if (isOver(destination)) throw new LivestreamError("conflict", `${field}: "${destination.name}" has already ${destination.removedAt ? "been removed" : destination.status}.`);
      const url = urls[id];
      if (!url) throw new LivestreamError("conflict", `${field}: "${destination.name}" went live before golive kept destinations' addresses, so it can't be removed while live.`);
      return url;
    });

    // The whole egress after the change: one protocol (MUX's ingest matches the extras), the cap, no repeats.
    const protocol = protocolOf(row.rtmpUrl ?? "rtmp://");
    adds.forEach((d, i) => {
      if (protocolOf(d.rtmpUrl) !== protocol) {
        throw badRequest(`addDestinations[${i}] must use ${protocol}:// like this broadcast's other destinations: LiveKit sends one egress over either rtmp:// or rtmps://, not both.`);
      }
    });
    const running = row.destinations.filter((d) => d.type !== "mux" && !isOver(d) && !(d.id !== undefined && removes.includes(d.id)));
    if (running.length + adds.length > MAX_DESTINATIONS) {
      throw badRequest(`A broadcast may have at most ${MAX_DESTINATIONS} destinations besides MUX: it has ${running.length}, and this adds ${adds.length}.`);
    }
    const runningUrls = new Set([row.rtmpUrl, ...running.map((d) => (d.id === undefined ? undefined : urls[d.id]))]);
    adds.forEach((d, i) => {
      if (runningUrls.has(d.rtmpUrl)) throw badRequest(`addDestinations[${i}] is already a destination of this broadcast.`);
    });

    const added = storedDestinations(adds, randomUUID);
    // Kept after the end, so LiveKit's late reports about them are masked too (destinations/keys.ts).
    const keyHashes = Array.from(new Set(row.destinationKeyHashes.concat(keyHashesFor(adds.map((d) => d.streamKey), row.id))));
    // Only the latest ended destinations stay listed; a dropped one's address goes too.
    const { kept, dropped } = trimEnded(row.destinations);
    for (const id of dropped) delete urls[id];
    await tx
      .update(livestreams)
      .set({
        destinations: kept.concat(added),
        destinationUrlsSealed: sealDestinationUrls(added, adds, row.id, urls),
        destinationKeyHashes: keyHashes,
        updatedAt: new Date(),
      })
      .where(eq(livestreams.id, row.id));
    return { added, removeUrls, secrets };
  });
}

/** LiveKit refused the change: the additions were never outputs, so they leave the row (and its sealed URLs). */
async function takeBack(rowId: string, added: readonly StoredDestination[]): Promise<void> {
  if (added.length === 0) return;
  const ids = new Set(added.map((d) => d.id));
  await patchRunningRow(rowId, (row) => {
    const urls = openUrls(row.destinationUrlsSealed, row.id);
    for (const id of ids) if (id !== undefined) delete urls[id];
    return { destinations: row.destinations.filter((d) => !ids.has(d.id)), destinationUrlsSealed: sealDestinationUrls([], [], row.id, urls) };
  });
}

const keyOf = (url: string) => url.slice(url.lastIndexOf("/") + 1);

export function egressChangeFailure(error: unknown, message: string, secrets: readonly string[] = []): LivestreamError {
  if (error instanceof LivestreamError) return error;
  switch (twirpCode(error)) {
    case "failed_precondition":
    case "not_found":
      // The egress ended (or forgot this output) between our read and the call.
      return new LivestreamError("conflict", `${message}: the broadcast's egress is no longer running that way. Refresh its status.`);
    case "invalid_argument":
      return badRequest(`${message}: LiveKit refused the destinations. Check each RTMP URL and stream key.`);
    default:
      return upstreamFailure("LiveKit", message, error, secrets);
  }
}
