import "server-only";
// Signed webhooks verified over the raw body text, nothing about an unverified request reaching
// the database (docs/architecture.md, "Security model"; tests/integration/webhooks.test.ts).
import { muxWebhookSecret } from "../config";
import { badRequest, LivestreamError } from "../contract";
import { type MuxEvent, muxEventSchema } from "../livestream";
import { asServiceError, type LivekitEvent, livekitEventOf, webhookReceiver } from "../upstream";
import { isSignedByMux } from "./mux-signature";

const invalid = (service: string) => new LivestreamError("invalid_signature", `This is not a valid signed ${service} webhook.`);

/** A verified MUX event; its `id` is the same for every delivery of one event. Needs only MUX_WEBHOOK_SECRET. */
export function verifyMuxWebhook(body: string, headers: Headers): MuxEvent {
  let secret: string;
  try {
    secret = muxWebhookSecret();
  } catch (error) {
    throw asServiceError(error) ?? error;
  }
  if (!isSignedByMux(body, headers.get("mux-signature"), secret)) throw invalid("MUX");
  let event: unknown;
  try {
    event = JSON.parse(body);
  } catch {
    throw invalid("MUX");
  }
  const parsed = muxEventSchema.safeParse(event);
  if (!parsed.success) throw badRequest("The MUX event is missing its id, type or data.id.");
  return parsed.data;
}

/** A verified LiveKit event golive acts on, with its WebhookEvent id (the same for every delivery). */
export type VerifiedLivekitEvent = { id: string } & LivekitEvent;

/** A verified LiveKit egress or presence event, or null for events about other things. */
export async function verifyLivekitWebhook(body: string, authorization: string | null): Promise<VerifiedLivekitEvent | null> {
  // Missing LiveKit credentials are `not_configured` (a 503), not a bad signature.
  const receiver = webhookReceiver();
  let received: Awaited<ReturnType<typeof receiver.receive>>;
  try {
    received = await receiver.receive(body, authorization ?? undefined);
  } catch {
    throw invalid("LiveKit");
  }
  const event = livekitEventOf(received);
  if (!event) return null;
  if (!received.id) throw badRequest("The LiveKit event is missing its id.");
  return { id: received.id, ...event };
}
