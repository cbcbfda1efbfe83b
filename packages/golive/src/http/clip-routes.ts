// /api/video/clips and its /asset and /mp4 (docs/reference/api.md, "Clips and MP4 downloads";
// docs/architecture.md, "Clips"). Whoever may control the broadcast manages its clips; anyone
// else gets 404, as for the broadcast itself.
import { clipIdBodySchema, clipsQuerySchema, createClipBodySchema, mp4BodySchema } from "../contract";
import { createClip, deleteClip, listClips, makeClipAsset, requestMp4 } from "../livestream";
import { readJson, readQuery } from "./body";
import { withSession } from "./session";
import type { SessionHost } from "./session-host";

export function clipRoutes(session: SessionHost) {
  return {
    /** ?livestreamId=: { livestreamId, recordings: [{ muxAssetId, vodPlaybackId, durationSeconds, final, mp4, clips }] }. */
    GET: withSession(session, async (request, user) => {
      const { livestreamId } = readQuery(request, clipsQuerySchema);
      return Response.json(await listClips(livestreamId, user.id));
    }),
    /** 201 { clip }: { livestreamId, lastSeconds: 30 | 60 | 300, title? } while live, or { livestreamId, muxAssetId?, startSeconds, endSeconds, title? }. */
    POST: withSession(session, async (request, user) => {
      const body = await readJson(request, createClipBodySchema);
      return Response.json({ clip: await createClip(body, user.id) }, { status: 201 });
    }),
    /** { id }: the clip deleted, its MUX asset with it: { clip }. */
    DELETE: withSession(session, async (request, user) => {
      const { id } = await readJson(request, clipIdBodySchema);
      return Response.json({ clip: await deleteClip(id, user.id) });
    }),
  };
}

export function clipAssetRoutes(session: SessionHost) {
  return {
    /** { id }: MUX makes a frame-accurate clip asset of the clip's range: { clip } (`preparing`, then `ready` by MUX's event). */
    POST: withSession(session, async (request, user) => {
      const { id } = await readJson(request, clipIdBodySchema);
      return Response.json({ clip: await makeClipAsset(id, user.id) });
    }),
  };
}

export function clipMp4Routes(session: SessionHost) {
  return {
    /** { clipId }: { clip }; { livestreamId, muxAssetId? }: { livestreamId, muxAssetId, mp4 }. The MP4 is `preparing` until MUX's event. */
    POST: withSession(session, async (request, user) => {
      const body = await readJson(request, mp4BodySchema);
      return Response.json(await requestMp4(body, user.id));
    }),
  };
}
