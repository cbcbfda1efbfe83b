import "server-only";
// A signed webhook from receipt to effect: verified, applied once, dispatched to the folder
// that owns what it says (docs/architecture.md, "Security model").
import { applyEgressUpdate, applyMuxEvent, enforceGuardrailsInRoom } from "../livestream";
import { applyPresenceEventOnce, applyWebhookOnce } from "./once";
import { verifyLivekitWebhook, verifyMuxWebhook } from "./verify";

// Real events are a few KiB; the cap keeps an unauthenticated sender from making us buffer
// an arbitrary body before the signature check.
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** A MUX webhook (the signature is the authentication): a replay of an event already applied is acknowledged like the first delivery. */
export async function receiveMuxWebhook(body: string, headers: Headers): Promise<void> {
  const event = verifyMuxWebhook(body, headers);
  await applyWebhookOnce("mux", event.id, () => applyMuxEvent(event));
}

/**
 * A LiveKit webhook (the JWT in Authorization is the authentication); events golive doesn't act on
 * are acknowledged. Egress events move broadcasts; presence events, most of a fleet's webhooks, keep
 * who is in which room, recorded and applied in one statement (docs/architecture.md, "Presence").
 */
export async function receiveLivekitWebhook(body: string, headers: Headers): Promise<void> {
  const event = await verifyLivekitWebhook(body, headers.get("authorization"));
  if (!event) return;
  if (event.kind === "presence") {
    const fresh = await applyPresenceEventOnce(event.id, event.presence);
    // A leave may have left only the egress's recorder in the room: its broadcast stops now, not
    // at the next scheduled check (docs/architecture.md, "Guardrails"). One indexed query when
    // nothing is due; never throws. A replay changed nothing, so it has nothing to check.
    if (fresh && event.presence.kind === "left") await enforceGuardrailsInRoom(event.presence.roomName);
  } else await applyWebhookOnce("livekit", event.id, () => applyEgressUpdate(event.update));
}
