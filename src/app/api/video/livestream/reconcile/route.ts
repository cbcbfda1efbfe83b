// POST (or GET) /api/video/livestream/reconcile, for a cron with the bearer secret
// (docs/reference/operations.md, "Reconciliation").
import { createHash, timingSafeEqual } from "node:crypto";
import { NextResponse } from "next/server";
import { errorJson, errorResponse } from "@/lib/api/errors";
import { reconcileSecret } from "@golive/next/config";
import { reconcile } from "@golive/next/reconcile";

// Compared as hashes so the comparison takes the same time whatever the lengths.
const digest = (value: string) => createHash("sha256").update(value).digest();

/** For a cron: `Authorization: Bearer $RECONCILE_SECRET`. Answers the run's report. */
export async function POST(request: Request) {
  return run(request);
}

/**
 * The same, for schedulers that only send GET (Vercel Cron, with `CRON_SECRET` set to the same
 * value). Safe as a GET: nothing happens without the secret, which no browser request carries.
 */
export async function GET(request: Request) {
  return run(request);
}

async function run(request: Request) {
  try {
    const expected = reconcileSecret();
    const given = request.headers.get("authorization")?.replace(/^Bearer\s+/i, "") ?? "";
    if (!timingSafeEqual(digest(given), digest(expected))) return errorJson("unauthorized", "A valid reconcile secret is required.");
    return NextResponse.json(await reconcile());
  } catch (error) {
    return errorResponse(error);
  }
}
