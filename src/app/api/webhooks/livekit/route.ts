import { NextResponse } from "next/server";
import { errorResponse } from "@/lib/api/errors";
import { applyEgressUpdate } from "@/lib/video/events";
import { verifyLivekitWebhook } from "@/lib/video/webhook-verify";

/** Signed LiveKit events (no session: the JWT in Authorization is the authentication). */
export async function POST(request: Request) {
  try {
    const update = await verifyLivekitWebhook(await request.text(), request.headers.get("authorization"));
    if (update) await applyEgressUpdate(update);
    return NextResponse.json({ received: true });
  } catch (error) {
    return errorResponse(error);
  }
}
