/**
 * The one loopback HTTP server behind all emulated hosts (MUX API, MUX stats, MUX playback,
 * LiveKit, control).
 *
 * Faithful to: each service's own paths (`/video/v1/*`, `/counts`, `/stream/*` and `/image/*`,
 * `/twirp/livekit.*`), so one origin can stand in for api.mux.com, stats.mux.com,
 * stream.mux.com, image.mux.com and a LiveKit project at once; every API call is recorded and
 * may be shaped by a fault before the emulator sees it (playback is neither: mux/hls.ts).
 * Cannot catch: code that relies on the services living on different hosts (cookies, CORS,
 * per-host connection limits), or that sends LiveKit calls to the MUX host by mistake — the
 * paths differ, so such a call gets a 404 here just as it would upstream.
 * Listens on 127.0.0.1 only — which keeps other machines out, not the web pages a developer opens,
 * hence the control API's Origin/Host/Content-Type screen (control-http.ts).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Clock } from "./clock";
import { screenControlRequest } from "./control-http";
import type { FaultRegistry } from "./faults";
import { parseJson, readBody, send, type Reply } from "./http-util";
import { parseTwirpPath, twirpError } from "./livekit/twirp";
import { isPlaybackPath } from "./mux/hls";
import type { RecordedRequest, RequestRecorder, ServiceName } from "./recorder";

export type RequestInfo = {
  method: string;
  path: string;
  query: Record<string, string>;
  bodyText: string;
  req: IncomingMessage;
};

export type ServiceHandlers = {
  mux(info: RequestInfo): Promise<Reply>;
  stats(info: RequestInfo): Promise<Reply>;
  livekit(info: RequestInfo): Promise<Reply>;
  control(info: RequestInfo): Promise<Reply>;
  /** MUX playback (stream.mux.com / image.mux.com paths): mux/hls.ts */
  playback(info: RequestInfo): Promise<Reply>;
  /** A custom template's view of its room and its START_RECORDING: livekit/template-room.ts */
  templateRoom(info: RequestInfo): Promise<Reply>;
};

export type RunningServer = { server: Server; port: number; close(): Promise<void> };

export async function startServer(
  port: number,
  deps: { clock: Clock; faults: FaultRegistry; recorder: RequestRecorder; handlers: ServiceHandlers },
): Promise<RunningServer> {
  const server = createServer((req, res) => {
    handle(req, res, deps).catch((error: unknown) => {
      console.error("[sandbox] request failed", error);
      if (!res.headersSent) send(res, { status: 500, body: { error: { type: "internal", messages: [String(error)] } } });
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    port: address.port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function serviceOf(path: string): ServiceName | undefined {
  if (path.startsWith("/twirp/")) return "livekit";
  if (path === "/counts" || path === "/live-stream-health") return "stats";
  if (path.startsWith("/video/")) return "mux";
  return undefined;
}

async function handle(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { clock: Clock; faults: FaultRegistry; recorder: RequestRecorder; handlers: ServiceHandlers },
): Promise<void> {
  const url = new URL(req.url ?? "/", "http://127.0.0.1");
  const method = (req.method ?? "GET").toUpperCase();
  const path = url.pathname;
  const query = Object.fromEntries(url.searchParams);
  const bodyText = await readBody(req);
  const info: RequestInfo = { method, path, query, bodyText, req };

  if (path.startsWith("/_sandbox/")) {
    // Web pages can reach loopback too: what one could send is refused before any handler runs.
    send(res, screenControlRequest({ method, query, headers: req.headers }) ?? (await deps.handlers.control(info)));
    return;
  }
  if (isPlaybackPath(path)) {
    // Media for a player on the app's origin: CORS-open, read-only, and neither recorded nor
    // faulted (a playing player polls every 2 s) — mux/hls.ts.
    send(res, await deps.handlers.playback(info));
    return;
  }
  if (path.startsWith("/sandbox-rtc/")) {
    // A template page on the app's origin polls its room: CORS-open, token-checked, not recorded.
    send(res, await deps.handlers.templateRoom(info));
    return;
  }
  const service = serviceOf(path);
  if (!service) {
    send(res, { status: 404, body: { error: { type: "not_found", messages: [`no sandbox route for ${path}`] } } });
    return;
  }

  const rpc = service === "livekit" ? parseTwirpPath(path)?.rpc : undefined;
  const entry: RecordedRequest = deps.recorder.add({
    service,
    method,
    path,
    query,
    ...(rpc ? { rpc } : {}),
    status: 0,
    body: parseJson(bodyText),
    at: deps.clock.now(),
  });

  const fault = deps.faults.take({ service, method, path, rpc });
  if (fault) {
    entry.faultId = fault.id;
    const action = fault.action;
    if ("drop" in action) {
      // No answer at all: the client sees the connection close (a network failure).
      req.socket.destroy();
      return;
    }
    if ("dropAfterHandling" in action) {
      // The upstream did the work; only its answer is lost — e.g. a timeout after commit.
      const reply = await deps.handlers[service](info);
      entry.status = reply.status;
      req.socket.destroy();
      return;
    }
    if ("delayResponseMs" in action) {
      const reply = await deps.handlers[service](info);
      entry.status = reply.status;
      await new Promise<void>((resolve) => deps.clock.schedule(action.delayResponseMs, resolve, "background"));
      if (!res.destroyed) send(res, reply);
      return;
    }
    if ("delayMs" in action) {
      await new Promise<void>((resolve) => deps.clock.schedule(action.delayMs, resolve, "background"));
    } else {
      const reply: Reply =
        "twirp" in action
          ? twirpError(action.twirp.code, action.twirp.msg)
          : typeof action.body === "string"
            ? // a string body is sent as-is, like a proxy's plain-text error page
              { status: action.status, raw: action.body, headers: { "Content-Type": "text/plain", ...action.headers } }
            : { status: action.status, body: action.body, headers: action.headers };
      entry.status = reply.status;
      send(res, reply);
      return;
    }
  }

  const reply = await deps.handlers[service](info);
  entry.status = reply.status;
  if (!res.destroyed) send(res, reply);
}
