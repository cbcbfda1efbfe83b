// Signed webhook requests as MUX and LiveKit send them, signed by the sandbox's own signers, each
// with an id of its own.
import { randomUUID } from "node:crypto";
import { ParticipantInfo, Room, WebhookEvent } from "@livekit/protocol";
import { signLivekitWebhook, signMuxPayload } from "@golive/sandbox";

export type SignedEvent = { path: string; headers: Record<string, string>; body: string };

/** participant_joined / participant_left in one of 100 rooms, alternating per identity. */
export async function livekitPresenceEvent(i: number, apiKey: string, apiSecret: string): Promise<SignedEvent> {
  const room = new Room({ name: `bench-room-${i % 100}`, sid: `RM_bench${i % 100}` });
  const identity = `user-${Math.floor(i / 2) % 1000}`;
  const participant = new ParticipantInfo({ identity, sid: `PA_${identity}`, joinedAt: BigInt(1_800_000_000 + Math.floor(i / 2)) });
  const event = i % 2 === 0 ? "participant_joined" : "participant_left";
  const message = new WebhookEvent({ event, room, participant, id: `EV_${randomUUID()}`, createdAt: BigInt(Math.floor(Date.now() / 1000)) });
  const body = JSON.stringify(message.toJson());
  return { path: "/api/webhooks/livekit", headers: { "content-type": "application/webhook+json", authorization: await signLivekitWebhook(body, apiKey, apiSecret) }, body };
}

/** A live stream event about a stream golive doesn't know (acknowledged after its lookup). */
export function muxEvent(i: number, secret: string): SignedEvent {
  const body = JSON.stringify({ type: "video.live_stream.idle", id: randomUUID(), created_at: new Date().toISOString(), data: { id: `bench-stream-${i}`, status: "idle" } });
  const signature = signMuxPayload(body, secret, Math.floor(Date.now() / 1000));
  return { path: "/api/webhooks/mux", headers: { "content-type": "application/json", "mux-signature": signature }, body };
}
