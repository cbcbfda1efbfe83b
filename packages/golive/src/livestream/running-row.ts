import "server-only";
// Putting a row back after LiveKit refused a change or a retry: under the row's lock, and only
// while the broadcast still runs (an end meanwhile already erased what would be put back).
import { and, eq, inArray } from "drizzle-orm";
import { getDb, type Livestream, livestreams } from "../db";

/** What a put-back may change: the destinations, and their sealed URLs (kept when not given). Never the status. */
type PutBack = Pick<Livestream, "destinations"> & Partial<Pick<Livestream, "destinationUrlsSealed">>;

/** Sets what `patch` returns for the row (and `updatedAt`), if it is still starting or active. */
export async function patchRunningRow(rowId: string, patch: (row: Livestream) => PutBack): Promise<void> {
  const db = await getDb();
  await db.transaction(async (tx) => {
    const [row] = await tx
      .select()
      .from(livestreams)
      .where(and(eq(livestreams.id, rowId), inArray(livestreams.status, ["starting", "active"])))
      .for("update")
      .limit(1);
    if (!row) return;
    const next = patch(row);
    await tx
      .update(livestreams)
      .set({ destinations: next.destinations, destinationUrlsSealed: next.destinationUrlsSealed ?? row.destinationUrlsSealed, updatedAt: new Date() })
      .where(eq(livestreams.id, row.id));
  });
}
