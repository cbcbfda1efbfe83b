// The routes that no session calls: signed webhooks (the signature is the authentication) and
// reconcile's cron (a bearer secret) (docs/reference/api.md; docs/reference/operations.md, "Reconciliation").
import { createHash, timingSafeEqual } from "node:crypto";
import { reconcileSecret } from "../config";
import { reconcile } from "../reconcile";
import { MAX_WEBHOOK_BYTES, receiveLivekitWebhook, receiveMuxWebhook } from "../webhooks";
import { readBodyText } from "./body";
import { errorJson, errorResponse } from "./errors";
import type { Handler } from "./session";

/** Signed events of one upstream: verified and applied, then `{ received: true }`. */
function webhook(receive: (body: string, headers: Headers) => Promise<unknown>): Handler {
  return async (request) => {
    try {
      await receive(await readBodyText(request, MAX_WEBHOOK_BYTES), request.headers);
      return Response.json({ received: true });
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** POST /api/webhooks/livekit: signed egress and presence events (the JWT in Authorization). */
export const livekitWebhookRoutes = () => ({ POST: webhook(receiveLivekitWebhook) });

/** POST /api/webhooks/mux: signed MUX events (the mux-signature header). */
export const muxWebhookRoutes = () => ({ POST: webhook(receiveMuxWebhook) });

// Compared as hashes so the comparison takes the same time whatever the lengths.
const digest = (value: string) => createHash("sha256").update(value).digest();

async function runReconcile(request: Request): Promise<Response> {
  try {
    const expected = reconcileSecret();
    const given = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
    if (!timingSafeEqual(digest(given), digest(expected))) return errorJson("unauthorized", "A valid reconcile secret is required.");
    return Response.json(await reconcile());
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * For a cron: `Authorization: Bearer $RECONCILE_SECRET`, answered with the run's report. GET
 * too, for schedulers that only send GET (Vercel Cron, with `CRON_SECRET` set to the same
 * value): safe as a GET, since nothing happens without the secret, which no browser request carries.
 */
export const reconcileRoutes = () => ({ POST: runReconcile, GET: runReconcile });
