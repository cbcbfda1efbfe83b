import { AccessToken } from "livekit-server-sdk";
import { NextResponse } from "next/server";
import { z } from "zod";
import { readQuery, withSession } from "@/lib/api/route";
import { livekitConfig, livekitPublicUrl } from "@/lib/env";
import { roomNameSchema } from "@/lib/video/schemas";

// Short-lived: the token only has to last until the client has connected; LiveKit keeps a
// connected participant in the room after the token expires.
const TOKEN_TTL = "10m";

const querySchema = z.object({ room: roomNameSchema });

/**
 * GET /api/livekit/token?room=… → { token, serverUrl, identity, room }: a LiveKit join token for
 * the signed-in user (identity = user id, name = user name), valid for that room only.
 */
export const GET = withSession(async (request, user) => {
  const { room } = readQuery(request, querySchema);
  const { apiKey, apiSecret } = livekitConfig();
  const token = new AccessToken(apiKey, apiSecret, { identity: user.id, name: user.name, ttl: TOKEN_TTL });
  token.addGrant({ roomJoin: true, room, canPublish: true, canSubscribe: true, canPublishData: true });
  // Browsers connect to the public URL; LIVEKIT_URL may be an address only the server reaches.
  const serverUrl = livekitPublicUrl();
  return NextResponse.json(
    { token: await token.toJwt(), serverUrl, identity: user.id, room },
    { headers: { "cache-control": "no-store" } },
  );
});
