// /api/video/livestream (go live, change, stop, list) and …/status (docs/reference/api.md).
import { changeBodySchema, listQuerySchema, retryDestinationBodySchema, startBodySchema, statusQuerySchema, stopBodySchema } from "../contract";
import {
  changeLivestream,
  getLivestreamStatus,
  getLivestreamStatusInRoom,
  listLivestreamsPage,
  retryDestination,
  startLivestream,
  stopLivestream,
  stopLivestreamInRoom,
} from "../livestream";
import { readJson, readQuery } from "./body";
import { withSavedChanges, withSavedStart } from "./saved-inputs";
import { withSession } from "./session";
import type { SessionHost } from "./session-host";

export function livestreamRoutes(session: SessionHost) {
  return {
    /**
     * Go live: 201 { livestreamId, egressId, muxLiveStreamId, muxPlaybackId, playbackUrl, status }.
     * With an `Idempotency-Key` header, a retry within 24 h answers the first result again.
     * `additionalDestinations` may name saved destinations (`{ savedDestinationId }`).
     */
    POST: withSession(session, async (request, user) => {
      const body = await readJson(request, startBodySchema);
      // An empty header counts as none, as it always has.
      const idempotencyKey = request.headers.get("idempotency-key") || undefined;
      return Response.json(await startLivestream(await withSavedStart(body, user.id), user.id, { idempotencyKey }), { status: 201 });
    }),

    /** Stop: { livestreamId, status, muxAssetId, vodPlaybackId }. Body { roomName } (or { livestreamId }). */
    DELETE: withSession(session, async (request, user) => {
      const { roomName, livestreamId } = await readJson(request, stopBodySchema);
      return Response.json(livestreamId ? await stopLivestream(livestreamId, user.id) : await stopLivestreamInRoom(roomName ?? "", user.id));
    }),

    /**
     * Change a live broadcast: { livestreamId } (or { roomName }) with layout, addDestinations
     * and/or removeDestinations. Answers its status, as GET …/status does.
     */
    PATCH: withSession(session, async (request, user) => {
      const { livestreamId, roomName, ...changes } = await readJson(request, changeBodySchema);
      const target = livestreamId ? { livestreamId } : { roomName: roomName ?? "" };
      return Response.json(await changeLivestream(target, await withSavedChanges(changes, user.id), user.id));
    }),

    /** List: { livestreams: [...], nextCursor }, newest first, without stream keys. ?roomName=&limit=1..100&before= */
    GET: withSession(session, async (request, user) => {
      const query = readQuery(request, listQuerySchema);
      return Response.json(await listLivestreamsPage(user.id, query));
    }),
  };
}

export function statusRoutes(session: SessionHost) {
  return {
    /** Status from the database only: ?id= (any of yours) or ?roomName= (your live one). */
    GET: withSession(session, async (request, user) => {
      const { id, roomName } = readQuery(request, statusQuerySchema);
      return Response.json(id ? await getLivestreamStatus(id, user.id) : await getLivestreamStatusInRoom(roomName ?? "", user.id));
    }),
  };
}

export function retryDestinationRoutes(session: SessionHost) {
  return {
    /**
     * Retry a failed extra destination of a live broadcast: { livestreamId } (or { roomName }) and
     * destinationId. Answers its status, as GET …/status does.
     */
    POST: withSession(session, async (request, user) => {
      const { livestreamId, roomName, destinationId } = await readJson(request, retryDestinationBodySchema);
      return Response.json(await retryDestination(livestreamId ? { livestreamId } : { roomName: roomName ?? "" }, destinationId, user.id));
    }),
  };
}
