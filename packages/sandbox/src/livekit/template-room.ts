/**
 * What a custom composite template sees of its room, for a page with no WebRTC server to join:
 * `GET /sandbox-rtc/room?access_token=<token>` answers the room's metadata, its
 * participants (identity, name, attributes) and, for an egress's own token, the egress's layout;
 * `POST /sandbox-rtc/start-recording?access_token=<token>` is the page's START_RECORDING.
 * `templateUrl` is the address the egress's browser opens.
 *
 * Faithful to (livekit/egress, @livekit/egress-sdk): the page is opened at
 * `<custom_base_url>?url=<ws url>&token=<token>&layout=<layout>`; the token is a join token for
 * the egress's own identity (its egress id), hidden, subscribe-only; the pipeline starts at the
 * page's START_RECORDING; UpdateLayout reaches the page as a new layout.
 * Chosen, not verified: the answers' shape (LiveKit sends these over its signal connection, not
 * HTTP); tokens are HS256 with the API secret like every other LiveKit token here; CORS-open,
 * since the page runs on the app's origin and only a token signed with the secret gets an answer.
 * Cannot catch: media, the real signal protocol, Chrome's console-based START_RECORDING.
 */
import { jwtVerify, SignJWT } from "jose";
import { z } from "zod";
import type { Reply } from "../http-util";
import type { LivekitEmulator } from "./emulator";

const TOKEN_TTL_S = 6 * 3600;
const CORS = { "Access-Control-Allow-Origin": "*" } as const;

const claimsSchema = z.object({ sub: z.string().min(1), video: z.looseObject({ room: z.string().min(1) }) });

type Credentials = { apiKey: string; apiSecret: string };

export class TemplateRoom {
  constructor(
    private readonly livekit: LivekitEmulator,
    private readonly credentials: Credentials,
    private readonly wsOrigin: () => string,
  ) {}

  /** The address the egress's browser opens for an egress with a custom template; undefined without one. */
  async templateUrl(egressId: string): Promise<string | undefined> {
    const egress = this.livekit.egress(egressId);
    if (!egress?.customBaseUrl) return undefined;
    const token = await new SignJWT({ video: { room: egress.roomName, roomJoin: true, canPublish: false, canSubscribe: true, hidden: true, recorder: true } })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(this.credentials.apiKey)
      .setSubject(egressId)
      .setNotBefore("0s")
      .setExpirationTime(`${TOKEN_TTL_S}s`)
      .sign(new TextEncoder().encode(this.credentials.apiSecret));
    const url = new URL(egress.customBaseUrl);
    url.searchParams.set("url", this.wsOrigin());
    url.searchParams.set("token", token);
    url.searchParams.set("layout", egress.layout);
    return url.href;
  }

  async handle(method: string, path: string, query: Record<string, string>): Promise<Reply> {
    if (method === "OPTIONS") return { status: 204, headers: { ...CORS, "Access-Control-Allow-Methods": "GET, POST" } };
    const claims = await this.verify(query.access_token);
    if (!claims) return { status: 401, body: { error: "invalid token" }, headers: CORS };
    const room = this.livekit.room(claims.video.room);
    if (path === "/sandbox-rtc/room" && method === "GET") {
      // Not open yet (nobody joined): an empty room, as a client joining it would find it.
      if (!room) return { status: 200, headers: { ...CORS, "Cache-Control": "no-store" }, body: { room: { name: claims.video.room, metadata: "" }, layout: "", participants: [] } };
      const egress = this.livekit.egress(claims.sub);
      return {
        status: 200,
        headers: { ...CORS, "Cache-Control": "no-store" },
        body: {
          room: { name: room.name, metadata: room.metadata },
          layout: egress?.roomName === room.name ? egress.layout : "",
          // The egress joins hidden, so it is never among them (and the sandbox's egress joins no room).
          participants: [...room.participants.values()].map((p) => ({ identity: p.identity, name: p.name, attributes: p.attributes })),
        },
      };
    }
    if (path === "/sandbox-rtc/start-recording" && method === "POST") {
      const egress = this.livekit.egress(claims.sub);
      if (!egress || egress.roomName !== claims.video.room) return { status: 404, body: { error: "egress does not exist" }, headers: CORS };
      return { status: 200, body: { started: this.livekit.templateReady(egress.egressId) }, headers: CORS };
    }
    return { status: 404, body: { error: `no sandbox route for ${method} ${path}` }, headers: CORS };
  }

  private async verify(token: string | undefined): Promise<z.infer<typeof claimsSchema> | undefined> {
    if (!token) return undefined;
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(this.credentials.apiSecret), { issuer: this.credentials.apiKey, algorithms: ["HS256"], clockTolerance: 10 });
      const parsed = claimsSchema.safeParse(payload);
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }
}
