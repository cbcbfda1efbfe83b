import "server-only";
// Signed webhooks, verified with the SDKs' own code over the raw body text:
// MUX's `mux-signature: t=…,v1=…` (HMAC-SHA256, at most 5 minutes old) via
// `mux.webhooks.unwrap`, LiveKit's `Authorization: <JWT>` with the body's sha256 via
// `WebhookReceiver`. Nothing about an unverified request reaches the database.
import { WebhookReceiver } from "livekit-server-sdk";
import { EnvError, livekitConfig, muxWebhookSecret } from "@/lib/env";
import { badRequest, LivestreamError } from "./errors";
import { type EgressUpdate, egressUpdateFrom, type MuxEvent, muxEventSchema } from "./events";
import { muxClient } from "./upstream";

const invalid = (service: string) => new LivestreamError("invalid_signature", `This is not a valid signed ${service} webhook.`);

function notConfigured(error: unknown): never {
  if (error instanceof EnvError) throw new LivestreamError("not_configured", error.message);
  throw error;
}

export async function verifyMuxWebhook(body: string, headers: Headers): Promise<MuxEvent> {
  let secret: string;
  try {
    secret = muxWebhookSecret();
  } catch (error) {
    notConfigured(error);
  }
  let event: unknown;
  try {
    event = await muxClient().webhooks.unwrap(body, headers, secret);
  } catch (error) {
    if (error instanceof LivestreamError) throw error;
    throw invalid("MUX");
  }
  const parsed = muxEventSchema.safeParse(event);
  if (!parsed.success) throw badRequest("The MUX event is missing its type or data.id.");
  return parsed.data;
}

/** The egress part of a verified LiveKit event, or null for events about other things. */
export async function verifyLivekitWebhook(body: string, authorization: string | null): Promise<EgressUpdate | null> {
  let receiver: WebhookReceiver;
  try {
    const { apiKey, apiSecret } = livekitConfig();
    receiver = new WebhookReceiver(apiKey, apiSecret);
  } catch (error) {
    notConfigured(error);
  }
  let event: Awaited<ReturnType<WebhookReceiver["receive"]>>;
  try {
    event = await receiver.receive(body, authorization ?? undefined);
  } catch {
    throw invalid("LiveKit");
  }
  const info = event.egressInfo;
  if (!event.event.startsWith("egress_") || !info?.egressId) return null;
  return egressUpdateFrom(info);
}
