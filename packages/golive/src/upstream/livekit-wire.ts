// LiveKit's protobuf messages (EgressInfo, WebhookEvent) as golive's shapes: the one place
// their int64 times are converted (docs/architecture.md, "Upstream facts golive relies on").
import type { EgressInfo, WebhookEvent } from "livekit-server-sdk";

/** One output of an egress (StreamInfo); times are absent where LiveKit's are 0 (not yet). */
export type EgressStreamReport = {
  url: string;
  /** StreamInfo_Status. */
  status: number;
  error: string;
  startedAt?: Date;
  endedAt?: Date;
  /** Reconnect attempts of a dropped output, and when the last one began. */
  retries?: number;
  lastRetryAt?: Date;
};

/** What one EgressInfo (from a webhook or the API) says that golive reads. */
export type EgressUpdate = {
  egressId: string;
  roomName: string;
  /** EgressStatus. */
  status: number;
  error: string;
  /** EgressInfo.updated_at in ns, kept whole: it orders the events of one egress, which arrive in any order. */
  updatedAt?: bigint;
  streams: EgressStreamReport[];
};

/** A presence event, its times in ms of LiveKit's clock (rooms/presence.ts applies them). */
export type PresenceEvent =
  | {
      kind: "joined" | "left";
      roomName: string;
      roomSid: string;
      identity: string;
      participantSid: string;
      /** The session's join time (ms), LiveKit's clock. */
      joinedAtMs: number;
      /** The event's created_at (ms), LiveKit's clock. */
      at: number;
    }
  | {
      kind: "room_finished";
      roomName: string;
      roomSid: string;
      /** When the room instance was created (ms); 0 when LiveKit didn't say. */
      roomCreatedAtMs: number;
      at: number;
    };

/** A LiveKit webhook event golive acts on. */
export type LivekitEvent = { kind: "egress"; update: EgressUpdate } | { kind: "presence"; presence: PresenceEvent };

// BigInt() rather than `0n` literals: hosts compile this source with their own tsconfig, and
// create-next-app's target (ES2017) has no bigint literals.
const ZERO = BigInt(0);
const NANOS_PER_MS = BigInt(1_000_000);

/** LiveKit's unix nanoseconds as a time; undefined for 0 (unset). */
export function timeFromNanos(ns: bigint): Date | undefined {
  return ns > ZERO ? new Date(Number(ns / NANOS_PER_MS)) : undefined;
}

/** A time as LiveKit's unix nanoseconds (ms precision). */
export const nanosOf = (time: Date): bigint => BigInt(time.getTime()) * NANOS_PER_MS;

export function egressUpdateFrom(info: EgressInfo): EgressUpdate {
  return {
    egressId: info.egressId,
    roomName: info.roomName,
    status: info.status,
    error: info.error,
    ...(info.updatedAt > ZERO ? { updatedAt: info.updatedAt } : {}),
    streams: info.streamResults.map((s) => ({
      url: s.url,
      status: s.status,
      error: s.error,
      startedAt: timeFromNanos(s.startedAt),
      endedAt: timeFromNanos(s.endedAt),
      retries: s.retries,
      lastRetryAt: timeFromNanos(s.lastRetryAt),
    })),
  };
}

/** bigint seconds or milliseconds as ms; 0 when unset. */
const ms = (value: bigint | undefined, scale: number) => Number(value ?? ZERO) * scale;

/** What a presence event says, or null for one that names no room (or no participant where it must). */
function presenceOf(event: WebhookEvent): PresenceEvent | null {
  const room = event.room;
  if (!room?.name) return null;
  const at = ms(event.createdAt, 1000);
  if (event.event === "room_finished") {
    return { kind: "room_finished", roomName: room.name, roomSid: room.sid, roomCreatedAtMs: ms(room.creationTimeMs, 1) || ms(room.creationTime, 1000), at };
  }
  const participant = event.participant;
  if (!participant?.identity) return null;
  return {
    kind: event.event === "participant_joined" ? "joined" : "left",
    roomName: room.name,
    roomSid: room.sid,
    identity: participant.identity,
    participantSid: participant.sid,
    // The session's join time orders its events (rooms/presence.ts); the event time only if LiveKit sent none.
    joinedAtMs: ms(participant.joinedAtMs, 1) || ms(participant.joinedAt, 1000) || at,
    at,
  };
}

const presenceEvents: ReadonlySet<string> = new Set(["participant_joined", "participant_left", "room_finished"]);

/** An egress or presence event, or null for events about other things (room_started, tracks, …). */
export function livekitEventOf(event: WebhookEvent): LivekitEvent | null {
  const info = event.egressInfo;
  if (event.event.startsWith("egress_") && info?.egressId) return { kind: "egress", update: egressUpdateFrom(info) };
  if (!presenceEvents.has(event.event)) return null;
  const presence = presenceOf(event);
  return presence ? { kind: "presence", presence } : null;
}
