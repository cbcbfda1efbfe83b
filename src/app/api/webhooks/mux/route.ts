// POST /api/webhooks/mux: signed MUX events (docs/reference/api.md).
import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/api/errors";
import { readBodyText } from "@/lib/api/route";
import { applyMuxEvent, applyWebhookOnce } from "@golive/next/livestream";
import { verifyMuxWebhook } from "@golive/next/webhooks";

// Real events are a few KiB; the cap keeps an unauthenticated sender from making us buffer
// an arbitrary body before the signature check.
const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** Signed MUX events (no session: the signature is the authentication). */
export async function POST(request: Request) {
  try {
    const event = await verifyMuxWebhook(await readBodyText(request, MAX_WEBHOOK_BYTES), request.headers);
    // A replay of an event already applied is acknowledged like the first delivery.
    await applyWebhookOnce("mux", event.id, () => applyMuxEvent(event));
    return NextResponse.json({ received: true });
  } catch (error) {
    return errorResponse(error);
  }
}
