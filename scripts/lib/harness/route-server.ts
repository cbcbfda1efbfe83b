// Serves the app's real route handlers (src/app/**/route.ts) over HTTP on loopback as Next.js
// calls them (a Web `Request` in, a `Response` out, App Router paths); Next's middleware, body
// limits and caching are not exercised — the handlers use none of them.
import { readdirSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { Readable } from "node:stream";

type Handler = (request: Request) => Promise<Response> | Response;
type RouteModule = Partial<Record<string, Handler>>;
type Route = { pattern: RegExp; file: string; module?: RouteModule };

const APP_DIR = path.resolve("src/app");

function findRouteFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) return findRouteFiles(full);
    return entry === "route.ts" ? [full] : [];
  });
}

function toPattern(file: string): RegExp {
  const segments = path
    .relative(APP_DIR, path.dirname(file))
    .split(path.sep)
    .filter((s) => s !== "" && !/^\(.*\)$/.test(s)) // route groups don't appear in URLs
    .map((s) => (s.startsWith("[...") ? "(.+)" : s.startsWith("[") ? "([^/]+)" : s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
  return new RegExp(`^/${segments.join("/")}/?$`);
}

// Static routes first so /api/video/livestream/status doesn't fall into a catch-all.
const routes: Route[] = findRouteFiles(APP_DIR)
  .map((file) => ({ pattern: toPattern(file), file }))
  .sort((a, b) => Number(a.pattern.source.includes("(")) - Number(b.pattern.source.includes("(")));

async function dispatch(request: Request): Promise<Response> {
  const { pathname } = new URL(request.url);
  const route = routes.find((r) => r.pattern.test(pathname));
  if (!route) return new Response("Not Found", { status: 404 });
  route.module ??= (await import(route.file)) as RouteModule;
  const handler = route.module[request.method];
  if (!handler) return new Response(null, { status: 405 });
  return handler(request);
}

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (Array.isArray(value)) value.forEach((v) => headers.append(name, v));
    else if (value !== undefined) headers.set(name, value);
  }
  const hasBody = req.method !== "GET" && req.method !== "HEAD";
  return new Request(new URL(req.url ?? "/", origin), {
    method: req.method,
    headers,
    body: hasBody ? (Readable.toWeb(req) as ReadableStream<Uint8Array>) : undefined,
    duplex: "half",
  } as RequestInit);
}

async function send(req: IncomingMessage, res: ServerResponse, response: Response): Promise<void> {
  // A handler that refused a body without reading it (413) leaves bytes on the socket:
  // close the connection rather than let the client reuse it, as a production server does.
  if (!req.complete) res.setHeader("connection", "close");
  const cookies = response.headers.getSetCookie();
  response.headers.forEach((value, name) => {
    if (name !== "set-cookie") res.setHeader(name, value);
  });
  if (cookies.length > 0) res.setHeader("set-cookie", cookies);
  res.statusCode = response.status;
  res.end(Buffer.from(await response.arrayBuffer()));
}

export type RouteServer = { url: string; close: () => Promise<void> };

/** The app's route files, served over HTTP on loopback. */
export const startRouteServer = (): Promise<RouteServer> => startHandlerServer(dispatch);

/** Any dispatch of Web requests (e.g. another host's golive routes), served the same way. */
export async function startHandlerServer(handle: (request: Request) => Promise<Response>): Promise<RouteServer> {
  let origin = "";
  // Handlers still running: closing waits for them, so none of them opens a database
  // connection after the test file closed its database (and dropped it under them).
  const inFlight = new Set<Promise<void>>();
  const server: Server = createServer((req, res) => {
    const handled = handle(toRequest(req, origin))
      .then((response) => send(req, res, response))
      .catch((error: unknown) => {
        console.error("route server:", error);
        res.statusCode = 500;
        res.end();
      })
      .finally(() => inFlight.delete(handled));
    inFlight.add(handled);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: origin,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      });
      await Promise.allSettled([...inFlight]);
    },
  };
}
