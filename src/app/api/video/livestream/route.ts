// /api/video/livestream: go live, change, stop and list (docs/reference/api.md).
import { NextResponse } from "next/server";
import { readJson, readQuery, withSession } from "@/lib/api/route";
import {
  changeLivestream,
  listLivestreams,
  startLivestream,
  stopLivestream,
  stopLivestreamInRoom,
} from "@golive/next/livestream";
import { changeBodySchema, listQuerySchema, startBodySchema, stopBodySchema } from "@golive/next/contract";

/**
 * Go live: 201 { livestreamId, egressId, muxLiveStreamId, muxPlaybackId, playbackUrl, status }.
 * With an `Idempotency-Key` header, a retry within 24 h answers the first result again.
 */
export const POST = withSession(async (request, user) => {
  const body = await readJson(request, startBodySchema);
  // An empty header counts as none, as it always has.
  const idempotencyKey = request.headers.get("idempotency-key") || undefined;
  const result = await startLivestream(body, user.id, { idempotencyKey });
  return NextResponse.json(result, { status: 201 });
});

/** Stop: { livestreamId, status, muxAssetId, vodPlaybackId }. Body { roomName } (or { livestreamId }). */
export const DELETE = withSession(async (request, user) => {
  const { roomName, livestreamId } = await readJson(request, stopBodySchema);
  const result = livestreamId ? await stopLivestream(livestreamId, user.id) : await stopLivestreamInRoom(roomName ?? "", user.id);
  return NextResponse.json(result);
});

/**
 * Change a live broadcast: { livestreamId } (or { roomName }) with layout, addDestinations
 * and/or removeDestinations. Answers its status, as GET …/status does.
 */
export const PATCH = withSession(async (request, user) => {
  const { livestreamId, roomName, ...changes } = await readJson(request, changeBodySchema);
  const target = livestreamId ? { livestreamId } : { roomName: roomName ?? "" };
  return NextResponse.json(await changeLivestream(target, changes, user.id));
});

/** List: { livestreams: [...] }, newest first, without stream keys. ?roomName=&limit=1..100 */
export const GET = withSession(async (request, user) => {
  const query = readQuery(request, listQuerySchema);
  return NextResponse.json({ livestreams: await listLivestreams(user.id, query) });
});
