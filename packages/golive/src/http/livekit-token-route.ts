// GET /api/livekit/token: a LiveKit join token granting exactly your room role (docs/reference/api.md;
// docs/architecture.md, "Rooms and roles").
import { AccessToken } from "livekit-server-sdk";
import { z } from "zod";
import { livekitConfig, livekitPublicUrl } from "../config";
import { roomNameSchema } from "../contract";
import { grantsOf, joinStageAttributes, openRoom } from "../rooms";
import { readQuery } from "./body";
import { withSession } from "./session";
import type { SessionHost } from "./session-host";

// Short-lived: the token only has to last until the client has connected; LiveKit keeps a
// connected participant in the room after the token expires.
const TOKEN_TTL = "10m";

const querySchema = z.object({ room: roomNameSchema });

// A display name travels in every token and to every participant; the token never carries
// more than this whatever the host's user table holds.
const MAX_NAME = 100;

export function livekitTokenRoutes(session: SessionHost) {
  return {
    /**
     * GET /api/livekit/token?room=… → { token, serverUrl, identity, room, role }: a LiveKit join
     * token for the signed-in user (identity = user id), valid for that room only, granting
     * exactly what their role in the room allows. A room nobody owns becomes theirs; a room
     * someone else owns in which they have no role is 404. Claiming and joining are writes, so a
     * signed-out session's copied cookie is refused here at once (tests/integration/claims-after-sign-out.test.ts).
     */
    GET: withSession(
      session,
      async (request, user) => {
        const { room } = readQuery(request, querySchema);
        const { apiKey, apiSecret } = livekitConfig();
        const { role } = await openRoom(room, user.id);
        // Hosts join on stage, guests backstage unless the room says otherwise (rooms/stage.ts).
        const attributes = await joinStageAttributes(room, role);
        const token = new AccessToken(apiKey, apiSecret, { identity: user.id, name: user.name?.slice(0, MAX_NAME), ttl: TOKEN_TTL, attributes });
        token.addGrant({ roomJoin: true, room, ...grantsOf[role] });
        // Browsers connect to the public URL; LIVEKIT_URL may be an address only the server reaches.
        const serverUrl = livekitPublicUrl();
        return Response.json({ token: await token.toJwt(), serverUrl, identity: user.id, room, role }, { headers: { "cache-control": "no-store" } });
      },
      { writes: true },
    ),
  };
}
