/**
 * Encoding emulator state as LiveKit protobuf JSON.
 *
 * Faithful to: the wire format of LiveKit's Twirp JSON answers — protojson with the proto field
 * names (snake_case), zero values emitted, int64 as decimal strings, enums as names — produced
 * by the very message classes (@livekit/protocol via livekit-server-sdk's exports) the SDK uses
 * to decode, so field names can never drift from the proto. Times are Unix **nanoseconds** for
 * egress fields (as the egress sets them with time.Now().UnixNano()) and seconds/ms for rooms
 * and participants.
 * Cannot catch: Go protojson's `null` for unset singular message fields (protobuf-es omits them),
 * or fields that newer LiveKit servers add after the protocol version installed here.
 */
import { EgressInfo, EgressStatus, ParticipantInfo, ParticipantInfo_State, Room, RoomCompositeEgressRequest, StreamProtocol } from "livekit-server-sdk";
import type { JsonObject, JsonValue } from "@bufbuild/protobuf";

export type EgressStatusName = keyof typeof EgressStatus;
export type StreamStatusName = "ACTIVE" | "FINISHED" | "FAILED";

export type StreamRecord = {
  raw: string;
  parsed: string;
  redacted: string;
  status: StreamStatusName;
  startedAtMs?: number;
  endedAtMs?: number;
  error: string;
  /** Reconnect attempts after the output dropped (StreamInfo.retries / last_retry_at). */
  retries?: number;
  lastRetryAtMs?: number;
};

export type EgressRecord = {
  egressId: string;
  roomId: string;
  roomName: string;
  status: EgressStatusName;
  startedAtMs?: number;
  endedAtMs?: number;
  updatedAtMs: number;
  layout: string;
  audioOnly: boolean;
  videoOnly: boolean;
  customBaseUrl: string;
  protocol: "RTMP" | "SRT";
  /** the request used the deprecated single `stream` output (SDK: bare StreamOutput) */
  legacyStream: boolean;
  advanced?: Record<string, unknown>;
  preset?: string | number;
  streams: StreamRecord[];
  error: string;
  errorCode: number;
  details: string;
};

export type RoomRecord = {
  sid: string;
  name: string;
  createdAtMs: number;
  /** Set by RoomService/UpdateRoomMetadata; "" until then. */
  metadata: string;
  participants: Map<string, ParticipantRecord>;
};

const API_JSON = { emitDefaultValues: true, useProtoFieldName: true } as const;

/** StreamInfo.Status numbers (the enum itself is not exported by livekit-server-sdk). */
const STREAM_STATUS = { ACTIVE: 0, FINISHED: 1, FAILED: 2 } as const;

const ns = (ms: number | undefined): bigint => BigInt(Math.round((ms ?? 0) * 1_000_000));

export function egressMessage(egress: EgressRecord): EgressInfo {
  const streamResults = egress.streams.map((s) => ({
    url: s.redacted,
    startedAt: ns(s.startedAtMs),
    endedAt: ns(s.endedAtMs),
    duration: s.startedAtMs !== undefined && s.endedAtMs !== undefined ? ns(s.endedAtMs - s.startedAtMs) : BigInt(0),
    status: STREAM_STATUS[s.status],
    error: s.error,
    retries: s.retries ?? 0,
    lastRetryAt: ns(s.lastRetryAtMs),
  }));
  // The request is echoed back with stream keys redacted, as the egress does.
  const redactedOutput = { protocol: StreamProtocol[egress.protocol], urls: egress.streams.map((s) => s.redacted) };
  const request = new RoomCompositeEgressRequest({
    roomName: egress.roomName,
    layout: egress.layout,
    audioOnly: egress.audioOnly,
    videoOnly: egress.videoOnly,
    customBaseUrl: egress.customBaseUrl,
    streamOutputs: [redactedOutput],
    output: egress.legacyStream ? { case: "stream", value: redactedOutput } : { case: undefined },
  });
  return new EgressInfo({
    egressId: egress.egressId,
    roomId: egress.roomId,
    roomName: egress.roomName,
    status: EgressStatus[egress.status],
    startedAt: ns(egress.startedAtMs),
    endedAt: ns(egress.endedAtMs),
    updatedAt: ns(egress.updatedAtMs),
    request: { case: "roomComposite", value: request },
    streamResults,
    result: egress.legacyStream ? { case: "stream", value: { info: streamResults } } : { case: undefined },
    error: egress.error,
    errorCode: egress.errorCode,
    details: egress.details,
  });
}

/** What the Twirp API answers for an EgressInfo. */
export function egressJson(egress: EgressRecord): JsonObject {
  return asObject(egressMessage(egress).toJson(API_JSON));
}

/** The Room message, as the API lists it and webhooks carry it (counts as of now). */
export function roomMessage(room: RoomRecord): Room {
  return new Room({
    sid: room.sid,
    name: room.name,
    emptyTimeout: 300,
    departureTimeout: 20,
    creationTime: BigInt(Math.floor(room.createdAtMs / 1000)),
    creationTimeMs: BigInt(Math.floor(room.createdAtMs)),
    numParticipants: room.participants.size,
    numPublishers: room.participants.size,
    metadata: room.metadata,
  });
}

export function roomJson(room: RoomRecord): JsonObject {
  return asObject(roomMessage(room).toJson(API_JSON));
}

/** `metadata`, `name` and `attributes` change through RoomService/UpdateParticipant. */
export type ParticipantRecord = { sid: string; identity: string; joinedAtMs: number; name: string; metadata: string; attributes: Record<string, string> };

/** ACTIVE while in the room; DISCONNECTED in participant_left, as the server's p.ToProto() says on close. */
export function participantMessage(p: ParticipantRecord, state: "ACTIVE" | "DISCONNECTED" = "ACTIVE"): ParticipantInfo {
  return new ParticipantInfo({
    sid: p.sid,
    identity: p.identity,
    name: p.name,
    metadata: p.metadata,
    attributes: p.attributes,
    state: ParticipantInfo_State[state],
    joinedAt: BigInt(Math.floor(p.joinedAtMs / 1000)),
    joinedAtMs: BigInt(Math.floor(p.joinedAtMs)),
    isPublisher: true,
  });
}

export function participantJson(p: ParticipantRecord): JsonObject {
  return asObject(participantMessage(p).toJson(API_JSON));
}

function asObject(value: JsonValue): JsonObject {
  if (value === null || typeof value !== "object" || Array.isArray(value)) throw new Error("expected a JSON object");
  return value;
}
