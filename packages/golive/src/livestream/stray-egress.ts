import "server-only";
// Finds and stops an egress LiveKit started though its answer never reached us, for the start
// that lost it and for reconcile (docs/architecture.md, "Reconcile at fleet scale"; invariant 2).
import type { EgressInfo } from "livekit-server-sdk";
import { eq } from "drizzle-orm";
import { getDb, livestreams } from "../db";
import { listActiveEgresses, stopEgress } from "../upstream";

/**
 * LiveKit reports stream URLs with the key redacted to `{abc...xyz}` (its RedactIdentifier:
 * three characters each side for keys of 9 or more). An active egress in the room that no
 * row links and whose MUX output carries our key's redaction is the one we lost.
 */
export async function findUnlinkedEgress(roomName: string, muxStreamKey: string, running?: readonly EgressInfo[]): Promise<EgressInfo | undefined> {
  if (muxStreamKey.length < 9) return undefined;
  const redacted = `{${muxStreamKey.slice(0, 3)}...${muxStreamKey.slice(-3)}}`;
  const active = running ? running.filter((info) => info.roomName === roomName) : await listActiveEgresses(roomName);
  const db = await getDb();
  for (const info of active) {
    const ours = info.streamResults.some((s) => s.url.includes("global-live.mux.com") && s.url.endsWith(`/${redacted}`));
    if (!ours) continue;
    const [linked] = await db.select({ id: livestreams.id }).from(livestreams).where(eq(livestreams.egressId, info.egressId)).limit(1);
    if (!linked) return info;
  }
  return undefined;
}

/**
 * Stops the lost egress of this room and MUX key, if there is one; returns its id. `running`
 * is a list of running egresses already fetched (reconcile's one ListEgress per run); without
 * it, LiveKit is asked for the room's.
 */
export async function stopUnlinkedEgress(roomName: string, muxStreamKey: string, running?: readonly EgressInfo[]): Promise<string | undefined> {
  const stray = await findUnlinkedEgress(roomName, muxStreamKey, running);
  if (!stray) return undefined;
  await stopEgress(stray.egressId);
  return stray.egressId;
}
