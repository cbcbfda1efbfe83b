import "server-only";
import "@/lib/golive";
// What every server action answers (`{ ok, data }` or `{ ok: false, error, code }`) and `asUser`,
// which holds arguments to the routes' body limit (docs/architecture.md, "Module map").
import { headers } from "next/headers";
import { getSessionUser, type SessionUser } from "@/lib/auth";
import { jsonBytes, MAX_JSON_BYTES, tooLargeMessage } from "@/lib/api/body-limit";
import { asServiceError } from "@golive/next/upstream";
import type { ApiErrorCode as ErrorCode } from "@golive/next/contract";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; code: ErrorCode };

function failure(error: unknown): { ok: false; error: string; code: ErrorCode } {
  const known = asServiceError(error);
  if (known) return { ok: false, error: known.message, code: known.code };
  // Unknown errors are logged for the operator and answered generically: their text may
  // come from a library and is not vetted for secrets.
  console.error("[golive] server action failed", error instanceof Error ? error.name : typeof error);
  return { ok: false, error: "Something went wrong on our side. Please try again.", code: "internal_error" };
}

/**
 * Runs `body` for the signed-in user of the request; answers 401-like when there is none. The
 * session is read from the database (not the cookie cache): an action may write, and a copied
 * cookie of a signed-out session must not. `args` are the action's arguments, all of them:
 * larger than a route's body limit, they are refused as the route refuses that body
 * (`payload_too_large`), before anything parses them.
 */
export async function asUser<T>(body: (user: SessionUser) => Promise<T>, args: readonly unknown[]): Promise<ActionResult<T>> {
  try {
    const user = await getSessionUser(await headers(), { fresh: true });
    if (!user) return { ok: false, error: "Sign in to continue.", code: "unauthorized" };
    if (jsonBytes(args) > MAX_JSON_BYTES) return { ok: false, error: tooLargeMessage(MAX_JSON_BYTES), code: "payload_too_large" };
    return { ok: true, data: await body(user) };
  } catch (error) {
    return failure(error);
  }
}
