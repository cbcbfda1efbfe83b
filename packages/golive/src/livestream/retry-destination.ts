import "server-only";
// Retry of a failed extra destination while live: its sealed URL added to the egress again with
// UpdateStream, the same destination back to `connecting` (docs/architecture.md, "Stream health";
// tests/integration/stream-health.test.ts).
import { eq } from "drizzle-orm";
import { getDb, type Livestream, livestreams, type StoredDestination } from "../db";
import { isOver, openUrls } from "../destinations";
import { badRequest, LivestreamError, type LivestreamStatusResult, MAX_DESTINATIONS } from "../contract";
import { assertUpstreamConfigured, egressUpdateFrom, updateStream } from "../upstream";
import { assertChangeable, egressChangeFailure, type LivestreamTarget } from "./changes";
import { takeChangeTurn } from "./change-rate";
import { applyEgressUpdate } from "./egress-events";
import { notFound, requireActiveInRoom, requireControllable, statusOf } from "./read";
import { MUX_DESTINATION_ID } from "./row-destinations";
import { patchRunningRow } from "./running-row";

/**
 * Adds the failed extra destination `destinationId` of a live broadcast the caller may control
 * to its egress again, by the full URL sealed for it; answers the status, as the status route does.
 */
export async function retryDestination(target: LivestreamTarget, destinationId: string, userId: string): Promise<LivestreamStatusResult> {
  assertUpstreamConfigured();
  const found = "livestreamId" in target ? await requireControllable(target.livestreamId, userId) : await requireActiveInRoom(target.roomName, userId);
  const egressId = assertChangeable(found);
  // A retry is a change: the same allowance as PATCH (change-rate.ts).
  await takeChangeTurn(found.id);
  const { url, failed, secrets } = await reopen(found.id, destinationId);
  let answer;
  try {
    answer = await updateStream(egressId, [url], []);
  } catch (error) {
    await putBack(found.id, failed);
    throw egressChangeFailure(error, `Could not retry "${failed.name}"`, secrets);
  }
  // LiveKit's answer lists the output again (its newest result for that URL): the same merge as its events.
  await applyEgressUpdate(egressUpdateFrom(answer));
  return statusOf(await reread(found.id));
}

/** Checks the destination under the row's lock and puts it back to `connecting`, its old failure and attempts forgotten. */
async function reopen(rowId: string, destinationId: string): Promise<{ url: string; failed: StoredDestination; secrets: string[] }> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    const [row] = await tx.select().from(livestreams).where(eq(livestreams.id, rowId)).for("update").limit(1);
    if (!row) throw notFound();
    assertChangeable(row);
    const index = row.destinations.findIndex((d) => d.id === destinationId);
    const failed = row.destinations[index];
    if (!failed) throw badRequest(`destinationId: this broadcast has no destination "${destinationId}".`);
    if (destinationId === MUX_DESTINATION_ID || failed.type === "mux") {
      throw badRequest("destinationId: MUX can't be retried: it is the broadcast and its recording. End the broadcast and go live again.");
    }
    if (failed.removedAt !== undefined) throw new LivestreamError("conflict", `"${failed.name}" has been removed: add it again instead.`);
    if (failed.status !== "failed") throw new LivestreamError("conflict", `Only a failed destination can be retried; "${failed.name}" is ${failed.status ?? "connecting"}.`);
    const urls = openUrls(row.destinationUrlsSealed, row.id);
    const url = urls[destinationId];
    // LiveKit's reports are matched to it by the URL as LiveKit redacts it (egress-events.ts).
    if (!url || failed.livekitUrl === undefined) {
      throw new LivestreamError("conflict", `"${failed.name}" went live before golive kept destinations' addresses, so it can't be retried while live.`);
    }
    const running = row.destinations.filter((d) => d.type !== "mux" && !isOver(d));
    if (running.length + 1 > MAX_DESTINATIONS) {
      throw badRequest(`A broadcast may have at most ${MAX_DESTINATIONS} destinations besides MUX running: end one before retrying "${failed.name}".`);
    }
    const { error: _error, retries: _retries, lastRetryAt: _lastRetryAt, ...rest } = failed;
    const reopened: StoredDestination = { ...rest, status: "connecting" };
    await tx
      .update(livestreams)
      .set({ destinations: row.destinations.map((d, i) => (i === index ? reopened : d)), updatedAt: new Date() })
      .where(eq(livestreams.id, row.id));
    const secrets = [row.muxStreamKey ?? "", ...Object.values(urls).map((u) => u.slice(u.lastIndexOf("/") + 1))].filter((k) => k !== "");
    return { url, failed, secrets };
  });
}

/** LiveKit refused the retry: the destination is as it was (failed, with its reason), unless something moved it meanwhile. */
async function putBack(rowId: string, failed: StoredDestination): Promise<void> {
  await patchRunningRow(rowId, (row) => ({ destinations: row.destinations.map((d) => (d.id === failed.id && d.status === "connecting" ? failed : d)) }));
}

async function reread(rowId: string): Promise<Livestream> {
  const db = await getDb();
  const [row] = await db.select().from(livestreams).where(eq(livestreams.id, rowId)).limit(1);
  if (!row) throw notFound();
  return row;
}
