// /api/video/destinations: the caller's saved destinations (docs/reference/api.md, "Routes";
// docs/architecture.md, "Saved destinations"). Only the owner sees or changes theirs; another
// user's id is 404 alike.
import { createSavedDestinationBodySchema, deleteSavedDestinationBodySchema, updateSavedDestinationBodySchema } from "../contract";
import { createSavedDestination, deleteSavedDestination, listSavedDestinations, updateSavedDestination } from "../destinations";
import { readJson } from "./body";
import { withSession } from "./session";
import type { SessionHost } from "./session-host";

export function savedDestinationRoutes(session: SessionHost) {
  return {
    /** Your saved destinations, by name: { destinations: [{ id, name, type, server, maskedKey, maskedUrl, createdAt, updatedAt }] }. */
    GET: withSession(session, async (_request, user) => Response.json({ destinations: await listSavedDestinations(user.id) })),
    /** Save one: 201 { destination }. Body { name, type, streamKey, customRtmpUrl?, twitchIngestServer? }, checked as go-live checks it. */
    POST: withSession(session, async (request, user) => {
      const body = await readJson(request, createSavedDestinationBodySchema);
      return Response.json({ destination: await createSavedDestination(body, user.id) }, { status: 201 });
    }),
    /** Rename, move to another server, or replace the key: { destination }. Body { id, name?, streamKey?, customRtmpUrl?, twitchIngestServer? }. */
    PATCH: withSession(session, async (request, user) => {
      const body = await readJson(request, updateSavedDestinationBodySchema);
      return Response.json({ destination: await updateSavedDestination(body, user.id) });
    }),
    /** Delete one, its key with it: { destination } as it was. A live broadcast that used it goes on. */
    DELETE: withSession(session, async (request, user) => {
      const { id } = await readJson(request, deleteSavedDestinationBodySchema);
      return Response.json({ destination: await deleteSavedDestination(id, user.id) });
    }),
  };
}
