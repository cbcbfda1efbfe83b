"use server";
// Server actions for embedding golive in your own pages: the same service calls the REST
// routes make, with the signed-in user of the request. They never throw for expected
// failures; they answer `{ ok: false, error, code }` with the service's sentence (which
// never carries a stream key) so a client can show it and branch on `code`.
import { headers } from "next/headers";
import { z } from "zod";
import { getSessionUser } from "@/lib/auth";
import { EnvError } from "@/lib/env";
import { formatIssues } from "@/lib/validation";
import { LivestreamError } from "@/lib/video/errors";
import {
  startLivestream,
  stopLivestream,
  stopLivestreamInRoom,
  type StartLivestreamResult,
  type StopLivestreamResult,
} from "@/lib/video/livestream";
import { destinationsFromBody, startBodySchema, stopBodySchema } from "@/lib/video/schemas";
import type { ErrorCode } from "@/components/livestream/types";

export type ActionResult<T> = { ok: true; data: T } | { ok: false; error: string; code: ErrorCode };

/** The go-live input: the POST /api/video/livestream body. */
export type GoLiveInput = z.input<typeof startBodySchema>;
export type EndLivestreamInput = { roomName: string } | { livestreamId: string };

function failure(error: unknown): { ok: false; error: string; code: ErrorCode } {
  if (error instanceof LivestreamError) return { ok: false, error: error.message, code: error.code };
  if (error instanceof EnvError) return { ok: false, error: error.message, code: "not_configured" };
  // Unknown errors are logged for the operator and answered generically: their text may
  // come from a library and is not vetted for secrets.
  console.error("[golive] server action failed", error instanceof Error ? error.name : typeof error);
  return { ok: false, error: "Something went wrong on our side. Please try again.", code: "internal_error" };
}

async function sessionUser() {
  return getSessionUser(await headers());
}

const signInFirst = { ok: false, error: "Sign in to continue.", code: "unauthorized" } as const;

/** Go live in a room: a MUX live stream plus the LiveKit egress to it and the extra destinations. */
export async function goLive(input: GoLiveInput): Promise<ActionResult<StartLivestreamResult>> {
  try {
    const user = await sessionUser();
    if (!user) return signInFirst;
    const body = startBodySchema.safeParse(input);
    if (!body.success) return { ok: false, error: formatIssues(body.error), code: "bad_request" };
    const additionalDestinations = destinationsFromBody(body.data);
    return { ok: true, data: await startLivestream({ ...body.data, additionalDestinations }, user.id) };
  } catch (error) {
    return failure(error);
  }
}

/** End the caller's broadcast, by id or by room; MUX then finalises the recording. */
export async function endLivestream(input: EndLivestreamInput): Promise<ActionResult<StopLivestreamResult>> {
  try {
    const user = await sessionUser();
    if (!user) return signInFirst;
    const body = stopBodySchema.safeParse(input);
    if (!body.success) return { ok: false, error: formatIssues(body.error), code: "bad_request" };
    const { livestreamId, roomName } = body.data;
    const data = livestreamId ? await stopLivestream(livestreamId, user.id) : await stopLivestreamInRoom(roomName ?? "", user.id);
    return { ok: true, data };
  } catch (error) {
    return failure(error);
  }
}
