// What every server action answers (`{ ok, data }` or `{ ok: false, error, code }`) and `asUser`,
// which reads the host's session from the action's request and holds arguments to the routes'
// body limit (docs/architecture.md, "The host", "Security model").
import { headers } from "next/headers";
import type { ApiErrorCode } from "../contract";
import { asServiceError } from "../upstream";
import { jsonBytes, MAX_JSON_BYTES, tooLargeMessage } from "./body";
import { isNextSignal } from "./errors";
import type { SessionHost, SessionUser } from "./session-host";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; code: ApiErrorCode };

function failure(error: unknown): { ok: false; error: string; code: ApiErrorCode } {
  if (isNextSignal(error)) throw error;
  const known = asServiceError(error);
  if (known) return { ok: false, error: known.message, code: known.code };
  // Unknown errors are logged for the operator and answered generically: their text may
  // come from a library and is not vetted for secrets.
  console.error("[golive] server action failed", error instanceof Error ? error.name : typeof error);
  return { ok: false, error: "Something went wrong on our side. Please try again.", code: "internal_error" };
}

/** Runs an action's body for the signed-in user of its request. */
export type AsUser = <T>(body: (user: SessionUser) => Promise<T>, args: readonly unknown[]) => Promise<ActionResult<T>>;

/**
 * `asUser` for one host: answers 401-like when there is no session. The session is fresh
 * (checked in the host's database, not a cookie cache): an action may write, and a copied
 * cookie of a signed-out session must not. `args` are the action's arguments, all of them:
 * larger than a route's body limit, they are refused as the route refuses that body
 * (`payload_too_large`), before anything parses them.
 */
export function actionsAs(session: SessionHost): AsUser {
  return async (body, args) => {
    try {
      const user = await session.getSessionUser(await headers(), { fresh: true });
      if (!user) return { ok: false, error: "Sign in to continue.", code: "unauthorized" };
      if (jsonBytes(args) > MAX_JSON_BYTES) return { ok: false, error: tooLargeMessage(MAX_JSON_BYTES), code: "payload_too_large" };
      return { ok: true, data: await body(user) };
    } catch (error) {
      return failure(error);
    }
  };
}
