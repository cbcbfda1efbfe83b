import "server-only";
import "@/lib/golive";
// What every authenticated route shares: the session check and the error mapping, so a route reads
// parse → one service call → typed response (docs/architecture.md, "Module map").
import type { z } from "zod";
import { getSessionUser, type SessionUser } from "@/lib/auth";
import { authConfig } from "@/lib/env";
import { badRequest, parseOrBadRequest } from "@golive/next/contract";
import { MAX_JSON_BYTES, tooLargeMessage } from "./body-limit";
import { ApiError, errorJson, errorResponse } from "./errors";


type Handler = (request: Request, user: SessionUser) => Promise<Response>;

const isRead = (request: Request) => request.method === "GET" || request.method === "HEAD";

/**
 * Defence in depth against cross-site requests (the session cookie is SameSite=Lax already):
 * a browser's state-changing request from another origin is refused. Requests without an
 * Origin header (curl, servers) are not browsers' cross-site requests and pass.
 */
function crossSite(request: Request): boolean {
  if (isRead(request)) return false;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  let originHost: string;
  try {
    originHost = new URL(origin).host;
  } catch {
    return true; // "null" (sandboxed frames, some redirects) or garbage
  }
  // Same origin: the host the browser addressed. `request.url` can't tell, because `next dev`
  // rewrites its host to the one it listens on (127.0.0.1 arrives as localhost).
  const hosts = [request.headers.get("host"), new URL(request.url).host];
  const { baseURL } = authConfig();
  if (baseURL) hosts.push(new URL(baseURL).host);
  return !hosts.includes(originHost);
}

/**
 * An answer for one signed-in person: no shared cache (a CDN, a proxy) may keep it, and no
 * browser may store it. Errors too — a 404 says whether something exists for this user.
 */
export function privateAnswer(response: Response): Response {
  try {
    response.headers.set("cache-control", "private, no-store");
    return response;
  } catch {
    // Immutable headers (a Response.redirect): copy it.
    const copy = new Response(response.body, response);
    copy.headers.set("cache-control", "private, no-store");
    return copy;
  }
}

/**
 * `writes: true` for a GET that changes something (claims a room, grants a LiveKit seat): it
 * checks the session in the database like any other write.
 */
export function withSession(handler: Handler, { writes = false }: { writes?: boolean } = {}): (request: Request) => Promise<Response> {
  return async (request) => privateAnswer(await authenticated(request, handler, writes));
}

async function authenticated(request: Request, handler: Handler, writes: boolean): Promise<Response> {
  try {
    // Writes check the session in the database; reads may use the 60 s cookie cache.
    const user = await getSessionUser(request.headers, { fresh: writes || !isRead(request) });
    if (!user) return errorJson("unauthorized", "Sign in to continue.");
    if (crossSite(request)) return errorJson("forbidden", "Requests from other sites are refused.");
    return await handler(request, user);
  } catch (error) {
    return errorResponse(error);
  }
}

/**
 * Like withSession, for the one route a share-link holder without an account calls too (the
 * watch page's token renewal, docs/architecture.md "Private broadcasts"): `user` is null
 * without a session, and the handler decides. Cross-site browser requests are refused all the same.
 */
export function withOptionalSession(handler: (request: Request, user: SessionUser | null) => Promise<Response>): (request: Request) => Promise<Response> {
  return async (request) => {
    try {
      if (crossSite(request)) return privateAnswer(errorJson("forbidden", "Requests from other sites are refused."));
      return privateAnswer(await handler(request, await getSessionUser(request.headers)));
    } catch (error) {
      return privateAnswer(errorResponse(error));
    }
  };
}

/** The raw body, refused with 413 past `maxBytes` (declared or actually sent) without reading the rest. */
export async function readBodyText(request: Request, maxBytes: number): Promise<string> {
  const tooLarge = new ApiError("payload_too_large", tooLargeMessage(maxBytes));
  if (Number(request.headers.get("content-length") ?? 0) > maxBytes) throw tooLarge;
  if (!request.body) return "";
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The JSON body, validated; malformed JSON and schema problems are 400s naming the field. */
export async function readJson<T extends z.ZodType>(request: Request, schema: T): Promise<z.output<T>> {
  const text = await readBodyText(request, MAX_JSON_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw badRequest("The request body must be valid JSON.");
  }
  return parseOrBadRequest(schema, body);
}

/** The query string, validated like a body. Repeated keys keep their last value. */
export function readQuery<T extends z.ZodType>(request: Request, schema: T): z.output<T> {
  return parseOrBadRequest(schema, Object.fromEntries(new URL(request.url).searchParams));
}
