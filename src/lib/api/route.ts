import "server-only";
// What every authenticated route shares: the session check and the error mapping, so each
// route reads top to bottom as parse → one service call → typed response.
import type { z } from "zod";
import { getSessionUser, type SessionUser } from "@/lib/auth";
import { badRequest } from "@/lib/video/errors";
import { parseOrBadRequest } from "@/lib/validation";
import { errorJson, errorResponse } from "./errors";

type Handler = (request: Request, user: SessionUser) => Promise<Response>;

export function withSession(handler: Handler): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      const user = await getSessionUser(request.headers);
      if (!user) return errorJson("unauthorized", "Sign in to continue.");
      return await handler(request, user);
    } catch (error) {
      return errorResponse(error);
    }
  };
}

/** The JSON body, validated; malformed JSON and schema problems are 400s naming the field. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    throw badRequest("The request body must be valid JSON.");
  }
  return parseOrBadRequest(schema, body);
}

/** The query string, validated like a body. Repeated keys keep their last value. */
export function readQuery<T extends z.ZodType>(request: Request, schema: T): z.output<T> {
  return parseOrBadRequest(schema, Object.fromEntries(new URL(request.url).searchParams));
}
