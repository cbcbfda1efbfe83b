// POST /api/webhooks/livekit: signed egress and presence events (docs/reference/api.md).
import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/api/errors";
import { readBodyText } from "@/lib/api/route";
import { applyEgressUpdate, applyWebhookOnce } from "@golive/next/livestream";
import { applyPresenceEvent } from "@golive/next/rooms";
import { type VerifiedLivekitEvent, verifyLivekitWebhook } from "@golive/next/webhooks";

// Real events are a few KiB; the cap keeps an unauthenticated sender from making us buffer
// an arbitrary body before the signature check.
const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** Egress events move broadcasts; presence events keep who is in which room (docs/architecture.md, "Presence"). */
function apply(event: VerifiedLivekitEvent): Promise<void> {
  return event.kind === "egress" ? applyEgressUpdate(event.update) : applyPresenceEvent(event.presence);
}

/** Signed LiveKit events (no session: the JWT in Authorization is the authentication). */
export async function POST(request: Request) {
  try {
    const event = await verifyLivekitWebhook(await readBodyText(request, MAX_WEBHOOK_BYTES), request.headers.get("authorization"));
    // A replay of an event already applied is acknowledged like the first delivery.
    if (event) await applyWebhookOnce("livekit", event.id, () => apply(event));
    return NextResponse.json({ received: true });
  } catch (error) {
    return errorResponse(error);
  }
}
