// POST /api/webhooks/mux: signed MUX events (docs/reference/api.md).
import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/api/errors";
import { readBodyText } from "@/lib/api/route";
import { MAX_WEBHOOK_BYTES, receiveMuxWebhook } from "@golive/next/webhooks";

/** Signed MUX events (no session: the signature is the authentication). */
export async function POST(request: Request) {
  try {
    await receiveMuxWebhook(await readBodyText(request, MAX_WEBHOOK_BYTES), request.headers);
    return NextResponse.json({ received: true });
  } catch (error) {
    return errorResponse(error);
  }
}
