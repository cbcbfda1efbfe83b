/**
 * MUX webhook envelope and signature.
 *
 * Faithful to: the envelope of MUX's webhook reference / @mux/mux-node's `BaseWebhookEvent`
 * (`type`, `object: {type, id}`, `id`, `environment: {name, id}`, `data`, `created_at`,
 * `attempts`) and the `mux-signature: t=<unix s>,v1=<hex HMAC-SHA256(secret, "t.body")>` header
 * that `mux.webhooks.unwrap()` verifies (resources/webhooks/webhooks.js).
 * Cannot catch: MUX's real retry schedule (~24 h), its exact `attempts` contents, or events we do
 * not emit by themselves (simulcast target events, `video.asset.errored`, ...; `video.live_stream.warning`
 * only on `control.liveStreamWarning`).
 * The signature timestamp is wall-clock time (not the sandbox clock) because receivers check its
 * age against their own wall clock (unwrap rejects > 5 minutes old).
 */
import { createHmac } from "node:crypto";
import type { Ids } from "../ids";
import type { Clock } from "../clock";
import type { WebhookDispatcher } from "../webhook-dispatcher";

export class MuxWebhookSender {
  constructor(
    private readonly clock: Clock,
    private readonly dispatcher: WebhookDispatcher,
    private readonly secret: string | undefined,
    private readonly ids: Ids,
  ) {}

  send(type: string, object: { type: string; id: string }, data: Record<string, unknown>): void {
    const id = this.ids.uuid();
    const body = JSON.stringify({
      type,
      object,
      id,
      environment: { name: "Sandbox", id: "sandbox" },
      data,
      created_at: new Date(this.clock.now()).toISOString(),
      attempts: [],
      accessor_source: null,
      accessor: null,
      request_id: null,
    });
    this.dispatcher.dispatch("mux", id, type, body, async (raw) => {
      const headers: Record<string, string> = { "Content-Type": "application/json" };
      if (this.secret) headers["mux-signature"] = signMuxPayload(raw, this.secret, Math.floor(Date.now() / 1000));
      return headers;
    });
  }
}

export function signMuxPayload(body: string, secret: string, unixSeconds: number): string {
  const v1 = createHmac("sha256", secret).update(`${unixSeconds}.${body}`).digest("hex");
  return `t=${unixSeconds},v1=${v1}`;
}
