/**
 * LiveKit Twirp routes: `POST /twirp/livekit.Egress/*` and `POST /twirp/livekit.RoomService/*`.
 *
 * Faithful to: Twirp v7 JSON over HTTP as livekit-server-sdk's TwirpRpc speaks it — POST only,
 * JSON in, protojson out (see encode.ts); errors as `{"code","msg"}` with exactly
 * `Content-Type: application/json` (the SDK only decodes the error body for that exact value)
 * and the Twirp code → HTTP status mapping (not_found 404, invalid_argument/malformed 400,
 * failed_precondition 412, unauthenticated 401, permission_denied 403, unavailable 503, ...);
 * unknown methods → `bad_route` 404.
 * Cannot catch: RPCs not listed here (ingress, SIP, agents, participant management beyond
 * listing, removing and updating (room-updates.ts); RemoveParticipant's `revokeTokenTs` is accepted, and there are no
 * participant tokens here to invalidate), LiveKit Cloud's region failover (`/settings/regions`; the SDK only fails over for
 * *.livekit.cloud hosts anyway), or API request rate limits (the opt-in egress cap is in emulator.ts).
 */
import type { IncomingHttpHeaders } from "node:http";
import type { JsonObject } from "@bufbuild/protobuf";
import type { z } from "zod";
import { TWIRP_STATUS } from "../faults";
import { type Reply, parseJson } from "../http-util";
import { AuthError, verifyLivekitToken, type VideoGrant } from "./auth";
import { egressJson, participantJson, roomJson } from "./encode";
import { TwirpError, type LivekitEmulator } from "./emulator";
import {
  camelKeys,
  egressIdSchema,
  listEgressSchema,
  listRoomsSchema,
  roomParticipantSchema,
  roomSchema,
  startRoomCompositeSchema,
  updateLayoutSchema,
  updateStreamSchema,
} from "./schemas";
import { updateParticipant, updateParticipantSchema, updateRoomMetadata, updateRoomMetadataSchema } from "./room-updates";

export type TwirpRequest = { method: string; path: string; bodyText: string; headers: IncomingHttpHeaders };

/** `/twirp/livekit.Egress/StopEgress` → { service: "Egress", rpc: "StopEgress" } */
export function parseTwirpPath(path: string): { service: string; rpc: string } | undefined {
  const match = /^\/twirp\/livekit\.([A-Za-z]+)\/([A-Za-z]+)$/.exec(path);
  return match?.[1] && match[2] ? { service: match[1], rpc: match[2] } : undefined;
}

export function twirpError(code: string, msg: string): Reply {
  // Exactly "application/json": TwirpRpc compares the header value with ===.
  return { status: TWIRP_STATUS[code] ?? 500, raw: JSON.stringify({ code, msg }), headers: { "Content-Type": "application/json" } };
}

export class TwirpRoutes {
  constructor(
    private readonly livekit: LivekitEmulator,
    private readonly credentials: { apiKey: string; apiSecret: string },
  ) {}

  async handle(req: TwirpRequest): Promise<Reply> {
    const route = parseTwirpPath(req.path);
    if (req.method !== "POST") return twirpError("bad_route", `unsupported method ${req.method} (only POST is allowed)`);
    if (!route) return twirpError("bad_route", `no handler for path ${req.path}`);
    try {
      const grant = await verifyLivekitToken(req.headers.authorization, this.credentials.apiKey, this.credentials.apiSecret);
      const body = camelKeys(parseJson(req.bodyText) ?? {});
      if (req.bodyText.trim() !== "" && parseJson(req.bodyText) === undefined) {
        throw new TwirpError("malformed", "the json request could not be decoded");
      }
      return { status: 200, body: this.dispatch(route.service, route.rpc, grant, body) };
    } catch (error) {
      if (error instanceof TwirpError) return twirpError(error.code, error.msg);
      if (error instanceof AuthError) return twirpError(error.code, error.message);
      throw error;
    }
  }

  private dispatch(service: string, rpc: string, grant: VideoGrant, body: unknown): JsonObject {
    if (service === "Egress") {
      if (!grant.roomRecord) throw new TwirpError("permission_denied", "permissions denied");
      switch (rpc) {
        case "StartRoomCompositeEgress": {
          const req = decode(startRoomCompositeSchema, body);
          if (req.fileOutputs.length || req.segmentOutputs.length || req.imageOutputs.length || req.file || req.segments) {
            throw new TwirpError("unimplemented", "the sandbox emulates stream outputs only");
          }
          // The SDK sends a bare StreamOutput both as `stream` (legacy) and in `streamOutputs`.
          const outputs = req.streamOutputs.length > 0 ? req.streamOutputs : req.stream ? [req.stream] : [];
          if (outputs.length > 1) throw new TwirpError("invalid_argument", "multiple stream outputs are not supported");
          const output = outputs[0];
          const egress = this.livekit.startRoomComposite({
            roomName: req.roomName,
            layout: req.layout,
            audioOnly: req.audioOnly,
            videoOnly: req.videoOnly,
            customBaseUrl: req.customBaseUrl,
            legacyStream: req.stream !== undefined,
            protocol: output?.protocol,
            urls: output?.urls ?? [],
            advanced: req.advanced,
            preset: req.preset,
          });
          return egressJson(egress);
        }
        case "StopEgress":
          return egressJson(this.livekit.stopEgress(decode(egressIdSchema, body).egressId));
        case "ListEgress":
          return { items: this.livekit.listEgress(decode(listEgressSchema, body)).map(egressJson) };
        case "UpdateStream": {
          const req = decode(updateStreamSchema, body);
          return egressJson(this.livekit.updateStream(req.egressId, req.addOutputUrls, req.removeOutputUrls));
        }
        case "UpdateLayout": {
          const req = decode(updateLayoutSchema, body);
          return egressJson(this.livekit.updateLayout(req.egressId, req.layout));
        }
      }
    }
    if (service === "RoomService") {
      switch (rpc) {
        case "ListRooms": {
          if (!grant.roomList) throw new TwirpError("permission_denied", "permissions denied");
          return { rooms: this.livekit.listRooms(decode(listRoomsSchema, body).names).map(roomJson) };
        }
        case "ListParticipants": {
          const { room } = decode(roomSchema, body);
          if (!grant.roomAdmin || grant.room !== room) throw new TwirpError("permission_denied", "permissions denied");
          const record = this.livekit.room(room);
          if (!record) throw new TwirpError("not_found", "requested room does not exist");
          return { participants: [...record.participants.values()].map(participantJson) };
        }
        case "RemoveParticipant": {
          const { room, identity } = decode(roomParticipantSchema, body);
          if (!grant.roomAdmin || grant.room !== room) throw new TwirpError("permission_denied", "permissions denied");
          this.livekit.removeParticipant(room, identity);
          return {};
        }
        case "UpdateRoomMetadata": {
          const { room, metadata } = decode(updateRoomMetadataSchema, body);
          if (!grant.roomAdmin || grant.room !== room) throw new TwirpError("permission_denied", "permissions denied");
          return roomJson(updateRoomMetadata(this.livekit.room(room), metadata));
        }
        case "UpdateParticipant": {
          const update = decode(updateParticipantSchema, body);
          if (!grant.roomAdmin || grant.room !== update.room) throw new TwirpError("permission_denied", "permissions denied");
          return participantJson(updateParticipant(this.livekit.room(update.room), update));
        }
        case "DeleteRoom": {
          if (!grant.roomCreate) throw new TwirpError("permission_denied", "permissions denied");
          const { room } = decode(roomSchema, body);
          if (!this.livekit.deleteRoom(room)) throw new TwirpError("not_found", "requested room does not exist");
          return {};
        }
      }
    }
    throw new TwirpError("bad_route", `no handler for livekit.${service}/${rpc}`);
  }
}

function decode<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const detail = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new TwirpError("malformed", `the json request could not be decoded: ${detail}`);
  }
  return parsed.data;
}
