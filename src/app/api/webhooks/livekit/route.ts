// POST /api/webhooks/livekit: signed egress and presence events (docs/reference/api.md).
import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/api/errors";
import { readBodyText } from "@/lib/api/route";
import { MAX_WEBHOOK_BYTES, receiveLivekitWebhook } from "@golive/next/webhooks";

/** Signed LiveKit events (no session: the JWT in Authorization is the authentication). */
export async function POST(request: Request) {
  try {
    await receiveLivekitWebhook(await readBodyText(request, MAX_WEBHOOK_BYTES), request.headers);
    return NextResponse.json({ received: true });
  } catch (error) {
    return errorResponse(error);
  }
}
