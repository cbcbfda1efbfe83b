/**
 * LiveKit webhooks for egress events.
 *
 * Faithful to: what livekit-server-sdk's WebhookReceiver verifies — `Authorization: <JWT>` (raw,
 * no "Bearer"), HS256 with the API secret, `iss` = API key, `exp` present, claim `sha256` =
 * base64(SHA-256(body)); `Content-Type: application/webhook+json`; body = protojson of
 * livekit.WebhookEvent with lowerCamelCase names and default values omitted
 * (`{ event, egressInfo, id, createdAt }`, createdAt in Unix seconds as a string).
 * Cannot catch: room/participant/track webhooks (not emitted), LiveKit Cloud's exact retry
 * policy, or `numDropped`. The JWT uses the wall clock (receivers check exp/nbf against theirs).
 */
import { createHash } from "node:crypto";
import { SignJWT } from "jose";
import type { EgressInfo } from "livekit-server-sdk";
import type { Clock } from "../clock";
import type { Ids } from "../ids";
import type { WebhookDispatcher } from "../webhook-dispatcher";

export type EgressEventName = "egress_started" | "egress_updated" | "egress_ended";

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
    this.dispatcher.dispatch("livekit", id, event, body, async (raw) => ({
      "Content-Type": "application/webhook+json",
      Authorization: await this.sign(raw),
    }));
  }

  private sign(body: string): Promise<string> {
    const sha256 = createHash("sha256").update(body).digest("base64");
    return new SignJWT({ sha256 })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer(this.apiKey)
      .setNotBefore(new Date())
      .setExpirationTime("10m")
      .sign(new TextEncoder().encode(this.apiSecret));
  }
}
