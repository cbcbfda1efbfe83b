import "server-only";
// What a viewer may know about a playback id: which broadcast it belongs to and whether it
// is live, over or a recording. Playback ids are public (MUX "public" policy), so this
// reveals nothing a viewer doesn't already hold; no keys, no owner.
import { eq, or } from "drizzle-orm";
import { getDb } from "@/lib/db";
import { livestreams, type LivestreamStatus } from "@/lib/db/schema";

export type WatchTarget =
  | { kind: "live"; roomName: string; status: LivestreamStatus; vodPlaybackId: string | null }
  | { kind: "recording"; roomName: string; startedAt: Date | null; endedAt: Date | null };

export async function findWatchTarget(playbackId: string): Promise<WatchTarget | null> {
  const db = await getDb();
  const [row] = await db
    .select({
      roomName: livestreams.roomName,
      status: livestreams.status,
      muxPlaybackId: livestreams.muxPlaybackId,
      vodPlaybackId: livestreams.vodPlaybackId,
      startedAt: livestreams.startedAt,
      endedAt: livestreams.endedAt,
    })
    .from(livestreams)
    .where(or(eq(livestreams.muxPlaybackId, playbackId), eq(livestreams.vodPlaybackId, playbackId)))
    .limit(1);
  if (!row) return null;
  if (row.vodPlaybackId === playbackId && row.muxPlaybackId !== playbackId) {
    return { kind: "recording", roomName: row.roomName, startedAt: row.startedAt, endedAt: row.endedAt };
  }
  return { kind: "live", roomName: row.roomName, status: row.status, vodPlaybackId: row.vodPlaybackId };
}
