/**
 * LiveKit server API authentication.
 *
 * Faithful to: what livekit-server-sdk's ServiceBase/AccessToken send — `Authorization: Bearer
 * <JWT>`, HS256 with the API secret, `iss` = API key, `exp`/`nbf` set, grants under `video`
 * (`roomRecord` for Egress, `roomList` for ListRooms, `roomAdmin` + `room` for per-room calls,
 * `roomCreate` for DeleteRoom); missing/invalid token → `unauthenticated`, missing grant →
 * `permission_denied`.
 * Cannot catch: LiveKit Cloud's project-level key scoping, key rotation, or clock-skew leeway
 * differences (tokens are checked against the wall clock with 10 s tolerance, like the SDK's
 * TokenVerifier).
 */
import { jwtVerify } from "jose";

export type VideoGrant = {
  roomRecord?: boolean;
  roomList?: boolean;
  roomAdmin?: boolean;
  roomCreate?: boolean;
  room?: string;
};

export class AuthError extends Error {
  constructor(
    readonly code: "unauthenticated" | "permission_denied",
    message: string,
  ) {
    super(message);
  }
}

export async function verifyLivekitToken(
  header: string | undefined,
  apiKey: string,
  apiSecret: string,
): Promise<VideoGrant> {
  if (!header) throw new AuthError("unauthenticated", "no authorization header");
  const match = /^Bearer\s+(.+)$/i.exec(header);
  if (!match?.[1]) throw new AuthError("unauthenticated", "invalid authorization header. Must start with Bearer");
  try {
    const { payload } = await jwtVerify(match[1], new TextEncoder().encode(apiSecret), {
      issuer: apiKey,
      algorithms: ["HS256"],
      clockTolerance: 10,
      requiredClaims: ["exp"],
    });
    const video = payload.video;
    return isGrant(video) ? video : {};
  } catch {
    throw new AuthError("unauthenticated", "invalid token");
  }
}

function isGrant(value: unknown): value is VideoGrant {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
