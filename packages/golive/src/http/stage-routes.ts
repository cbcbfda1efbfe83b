// /api/rooms/stage: who is on stage in a room, and the hosts' controls (docs/reference/api.md;
// docs/architecture.md, "The composite template").
import { roomQuerySchema, setStageBodySchema, setStageSettingBodySchema } from "../contract";
import { listStage, setGuestsJoinOnStage, setOnStage } from "../rooms";
import { readJson, readQuery } from "./body";
import { withSession } from "./session";
import type { SessionHost } from "./session-host";

export function stageRoutes(session: SessionHost) {
  return {
    /** Who is in the room and on stage, for any member: { room, guestsJoinOnStage, participants: [{ identity, name, onStage }] }. */
    GET: withSession(session, async (request, user) => {
      const { room } = readQuery(request, roomQuerySchema);
      return Response.json(await listStage(room, user.id), { headers: { "cache-control": "no-store" } });
    }),
    /** Put a participant on or off stage ({ room, identity, onStage }), as the owner or a host: LiveKit's UpdateParticipant at once. */
    PUT: withSession(session, async (request, user) => {
      const { room, identity, onStage } = await readJson(request, setStageBodySchema);
      return Response.json(await setOnStage(room, user.id, identity, onStage));
    }),
    /** The room setting ({ room, guestsJoinOnStage }), as the owner or a host: guests' next join tokens start them on stage or backstage. */
    PATCH: withSession(session, async (request, user) => {
      const { room, guestsJoinOnStage } = await readJson(request, setStageSettingBodySchema);
      return Response.json(await setGuestsJoinOnStage(room, user.id, guestsJoinOnStage));
    }),
  };
}
