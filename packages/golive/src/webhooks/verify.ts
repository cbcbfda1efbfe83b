import "server-only";
// Signed webhooks, verified with the SDKs' own code over the raw body text:
// MUX's `mux-signature: t=…,v1=…` (HMAC-SHA256, at most 5 minutes old) via
// `mux.webhooks.unwrap`, plus a check the SDK lacks (at most 5 minutes ahead), and LiveKit's
// `Authorization: <JWT>` with the body's sha256 via `WebhookReceiver`. Nothing about an
// unverified request reaches the database. Each event comes back with its sender's id, which
// the routes use to apply it once. LiveKit's egress and presence events (participant_joined,
// participant_left, room_finished) come back; its other events are acknowledged and ignored.
import type { WebhookReceiver } from "livekit-server-sdk";
import { muxWebhookSecret } from "../config";
import { badRequest, LivestreamError } from "../contract";
import { type EgressUpdate, egressUpdateFrom, type MuxEvent, muxEventSchema } from "../livestream";
import { webhookReceiver } from "../upstream";
import type { PresenceEvent } from "../rooms";
import { unwrapWebhook } from "../upstream";
import { asServiceError } from "../upstream";

const invalid = (service: string) => new LivestreamError("invalid_signature", `This is not a valid signed ${service} webhook.`);

function notConfigured(error: unknown): never {
  throw asServiceError(error) ?? error;
}

/** How far ahead of our clock a MUX signature may be dated (clock skew): as far as the SDK lets it be behind. */
const MAX_MUX_CLOCK_AHEAD_S = 300;

/** The `t=` of a `mux-signature` header, read as the SDK reads it (its last `t=`, parseInt). */
function muxSignatureTimestamp(header: string | null): number | undefined {
  let timestamp: number | undefined;
  for (const item of (header ?? "").split(",")) {
    const [key, value] = item.split("=");
    if (key === "t") timestamp = Number.parseInt(value ?? "", 10);
  }
  return timestamp !== undefined && Number.isSafeInteger(timestamp) ? timestamp : undefined;
}

/** A verified MUX event; its `id` is the same for every delivery of one event. */
export async function verifyMuxWebhook(body: string, headers: Headers): Promise<MuxEvent> {
  let secret: string;
  try {
    secret = muxWebhookSecret();
  } catch (error) {
    notConfigured(error);
  }
  let event: unknown;
  try {
    event = await unwrapWebhook(body, headers, secret);
  } catch (error) {
    if (error instanceof LivestreamError) throw error;
    throw invalid("MUX");
  }
  // The SDK refuses signatures more than 5 minutes old but not ones dated in the future, which
  // would stay valid (replayable) for as long as their date is ahead.
  const signedAt = muxSignatureTimestamp(headers.get("mux-signature"));
  if (signedAt === undefined || signedAt - Math.floor(Date.now() / 1000) > MAX_MUX_CLOCK_AHEAD_S) throw invalid("MUX");
  const parsed = muxEventSchema.safeParse(event);
  if (!parsed.success) throw badRequest("The MUX event is missing its id, type or data.id.");
  return parsed.data;
}

/**
 * A verified LiveKit event golive acts on, with its WebhookEvent id (the same for every
 * delivery): an egress event, or a presence event (presence.ts).
 */
export type VerifiedLivekitEvent = { id: string } & ({ kind: "egress"; update: EgressUpdate } | { kind: "presence"; presence: PresenceEvent });

type ReceivedEvent = Awaited<ReturnType<WebhookReceiver["receive"]>>;

/** bigint seconds or milliseconds as ms; 0 when unset. */
const ms = (value: bigint | undefined, scale: number) => Number(value ?? 0n) * scale;

/** What a presence event says, or null for one that names no room (or no participant where it must). */
function presenceOf(event: ReceivedEvent): PresenceEvent | null {
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
    // The session's join time orders its events (presence.ts); the event time only if LiveKit sent none.
    joinedAtMs: ms(participant.joinedAtMs, 1) || ms(participant.joinedAt, 1000) || at,
    at,
  };
}

const presenceEvents: ReadonlySet<string> = new Set(["participant_joined", "participant_left", "room_finished"]);

/** A verified LiveKit egress or presence event, or null for events about other things (room_started, tracks, …). */
export async function verifyLivekitWebhook(body: string, authorization: string | null): Promise<VerifiedLivekitEvent | null> {
  // Missing LiveKit credentials are `not_configured` (a 503), not a bad signature.
  const receiver = webhookReceiver();
  let event: ReceivedEvent;
  try {
    event = await receiver.receive(body, authorization ?? undefined);
  } catch {
    throw invalid("LiveKit");
  }
  const info = event.egressInfo;
  if (event.event.startsWith("egress_") && info?.egressId) {
    if (!event.id) throw badRequest("The LiveKit event is missing its id.");
    return { id: event.id, kind: "egress", update: egressUpdateFrom(info) };
  }
  if (!presenceEvents.has(event.event)) return null;
  const presence = presenceOf(event);
  if (!presence) return null;
  if (!event.id) throw badRequest("The LiveKit event is missing its id.");
  return { id: event.id, kind: "presence", presence };
}
