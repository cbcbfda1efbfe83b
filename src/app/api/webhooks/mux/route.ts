import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/api/errors";
import { applyMuxEvent } from "@/lib/video/events";
import { verifyMuxWebhook } from "@/lib/video/webhook-verify";

/** Signed MUX events (no session: the signature is the authentication). */
export async function POST(request: Request) {
  try {
    const event = await verifyMuxWebhook(await request.text(), request.headers);
    await applyMuxEvent(event);
    return NextResponse.json({ received: true });
  } catch (error) {
    return errorResponse(error);
  }
}
