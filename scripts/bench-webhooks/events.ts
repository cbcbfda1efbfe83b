// Signed webhook requests as MUX and LiveKit send them (packages/sandbox/src/livekit/webhooks.ts
// signs the same way), each with an id of its own.
import { createHash, createHmac, randomUUID } from "node:crypto";
import { ParticipantInfo, Room, WebhookEvent } from "@livekit/protocol";
import { SignJWT } from "jose";

export type SignedEvent = { path: string; headers: Record<string, string>; body: string };

/** participant_joined / participant_left in one of 100 rooms, alternating per identity. */
export async function livekitPresenceEvent(i: number, apiKey: string, apiSecret: string): Promise<SignedEvent> {
  const room = new Room({ name: `bench-room-${i % 100}`, sid: `RM_bench${i % 100}` });
  const identity = `user-${Math.floor(i / 2) % 1000}`;
  const participant = new ParticipantInfo({ identity, sid: `PA_${identity}`, joinedAt: BigInt(1_800_000_000 + Math.floor(i / 2)) });
  const event = i % 2 === 0 ? "participant_joined" : "participant_left";
  const message = new WebhookEvent({ event, room, participant, id: `EV_${randomUUID()}`, createdAt: BigInt(Math.floor(Date.now() / 1000)) });
  const body = JSON.stringify(message.toJson());
  const sha256 = createHash("sha256").update(body).digest("base64");
  const token = await new SignJWT({ sha256 }).setProtectedHeader({ alg: "HS256" }).setIssuer(apiKey).setNotBefore(new Date()).setExpirationTime("10m").sign(new TextEncoder().encode(apiSecret));
  return { path: "/api/webhooks/livekit", headers: { "content-type": "application/webhook+json", authorization: token }, body };
}

/** A live stream event about a stream golive doesn't know (acknowledged after its lookup). */
export function muxEvent(i: number, secret: string): SignedEvent {
  const body = JSON.stringify({ type: "video.live_stream.idle", id: randomUUID(), created_at: new Date().toISOString(), data: { id: `bench-stream-${i}`, status: "idle" } });
  const t = Math.floor(Date.now() / 1000);
  const signature = `t=${t},v1=${createHmac("sha256", secret).update(`${t}.${body}`).digest("hex")}`;
  return { path: "/api/webhooks/mux", headers: { "content-type": "application/json", "mux-signature": signature }, body };
}
