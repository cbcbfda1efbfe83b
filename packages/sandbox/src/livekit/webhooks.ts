/**
 * LiveKit webhooks: egress and presence (room/participant) events.
 *
 * Faithful to: what livekit-server-sdk's WebhookReceiver verifies — `Authorization: <JWT>` (raw,
 * no "Bearer"), HS256 with the API secret, `iss` = API key, `exp` present, claim `sha256` =
 * base64(SHA-256(body)); `Content-Type: application/webhook+json`; body = protojson of
 * livekit.WebhookEvent with lowerCamelCase names and default values omitted
 * (`{ event, egressInfo, id, createdAt }` or `{ event, room, participant?, id, createdAt }`,
 * createdAt in Unix seconds as a string). Which presence events carry what follows livekit-server
 * pkg/telemetry/events.go: room_started/room_finished carry the room; participant_joined/left
 * the room and the participant.
 * Cannot catch: track webhooks, participant_connection_aborted, `roomEndReason`, LiveKit
 * Cloud's exact retry policy, or `numDropped`. The JWT uses the wall clock (receivers check
 * exp/nbf against theirs).
 */
import { createHash } from "node:crypto";
import { SignJWT } from "jose";
// The protocol's own class: the SDK's WebhookEvent subclass resets `event` to "" after construction.
import { WebhookEvent } from "@livekit/protocol";
import type { EgressInfo, ParticipantInfo, Room } from "livekit-server-sdk";
import type { Clock } from "../clock";
import type { Ids } from "../ids";
import type { WebhookDispatcher } from "../webhook-dispatcher";

export type EgressEventName = "egress_started" | "egress_updated" | "egress_ended";
export type RoomEventName = "room_started" | "room_finished";
export type ParticipantEventName = "participant_joined" | "participant_left";

export class LivekitWebhookSender {
  constructor(
    private readonly clock: Clock,
    private readonly dispatcher: WebhookDispatcher,
    private readonly apiKey: string,
    private readonly apiSecret: string,
    private readonly ids: Ids,
  ) {}

  send(event: EgressEventName, egressInfo: EgressInfo): void {
    const id = this.ids.livekitId("EV_");
    const body = JSON.stringify({
      event,
      egressInfo: egressInfo.toJson(),
      id,
      createdAt: String(Math.floor(this.clock.now() / 1000)),
    });
    this.dispatch(id, event, body);
  }

  /** room_started / room_finished: the room only. */
  sendRoom(event: RoomEventName, room: Room): void {
    this.sendPresence(event, room, undefined);
  }

  /** participant_joined / participant_left: the room (counts after the change) and the participant. */
  sendParticipant(event: ParticipantEventName, room: Room, participant: ParticipantInfo): void {
    this.sendPresence(event, room, participant);
  }

  private sendPresence(event: RoomEventName | ParticipantEventName, room: Room, participant: ParticipantInfo | undefined): void {
    const id = this.ids.livekitId("EV_");
    // The protocol's own message class, so field names and int64/enum encodings match what
    // WebhookReceiver decodes with (the egress events build the same shape by hand).
    const message = new WebhookEvent({ event, room, participant, id, createdAt: BigInt(Math.floor(this.clock.now() / 1000)) });
    this.dispatch(id, event, JSON.stringify(message.toJson()));
  }

  private dispatch(id: string, event: string, body: string): void {
    this.dispatcher.dispatch("livekit", id, event, body, async (raw) => ({
      "Content-Type": "application/webhook+json",
      Authorization: await this.sign(raw),
    }));
  }

  private sign(body: string): Promise<string> {
    return signLivekitWebhook(body, this.apiKey, this.apiSecret);
  }
}

/** The Authorization value LiveKit sends with `body`: an HS256 JWT from the API key, its `sha256` claim the body's hash. */
export function signLivekitWebhook(body: string, apiKey: string, apiSecret: string): Promise<string> {
  const sha256 = createHash("sha256").update(body).digest("base64");
  return new SignJWT({ sha256 })
    .setProtectedHeader({ alg: "HS256" })
    .setIssuer(apiKey)
    .setNotBefore(new Date())
    .setExpirationTime("10m")
    .sign(new TextEncoder().encode(apiSecret));
}
