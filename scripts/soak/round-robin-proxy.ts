// The loopback round-robin proxy in front of the soak's instances, for its users and the
// sandbox's webhooks alike, so traffic keeps flowing while one instance is dead. docs/benchmarks.md, "Soak".
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ProxyStats = { forwarded: number; refusedThenRetried: number; failed502: number };

export type RoundRobinProxy = {
  url: string;
  stats: ProxyStats;
  close: () => Promise<void>;
};

// Hop-by-hop headers are the proxy's own business, not the upstream's.
const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade", "te", "trailer"]);

type Answer = { status: number; headers: http.IncomingHttpHeaders; body: Buffer };

function forward(port: number, req: http.IncomingMessage, body: Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
    headers["content-length"] = String(body.length);
    const upstream = http.request({ host: "127.0.0.1", port, method: req.method, path: req.url, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
      res.on("aborted", () => reject(Object.assign(new Error("upstream aborted the answer"), { code: "ECONNRESET" })));
    });
    upstream.on("error", reject);
    upstream.end(body);
  });
}

const errorCode = (error: unknown): string | undefined =>
  typeof error === "object" && error !== null && "code" in error && typeof error.code === "string" ? error.code : undefined;

/**
 * Starts the proxy on 127.0.0.1 (ephemeral port) in front of `ports`, taken in turn. A request
 * is buffered whole, so one an instance refused (ECONNREFUSED) can go to the next; one accepted
 * and then lost (killed mid-answer) is a 502, never re-sent, since it may have been applied:
 * the client decides whether to retry, as behind a real load balancer.
 */
export async function startRoundRobinProxy(ports: readonly number[]): Promise<RoundRobinProxy> {
  const stats: ProxyStats = { forwarded: 0, refusedThenRetried: 0, failed502: 0 };
  let next = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        const first = next++ % ports.length;
        let lastError: unknown;
        for (let i = 0; i < ports.length; i++) {
          const port = ports[(first + i) % ports.length] ?? 0;
          try {
            const answer = await forward(port, req, body);
            stats.forwarded += 1;
            const headers: http.OutgoingHttpHeaders = {};
            for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
            headers["content-length"] = String(answer.body.length);
            res.writeHead(answer.status, headers);
            res.end(answer.body);
            return;
          } catch (error) {
            lastError = error;
            // Only a refused connection is known not to have reached the app.
            if (errorCode(error) !== "ECONNREFUSED") break;
            stats.refusedThenRetried += 1;
          }
        }
        stats.failed502 += 1;
        const body502 = JSON.stringify({ error: `The proxy could not get an answer (${errorCode(lastError) ?? "error"}).`, code: "proxy_error" });
        if (!res.headersSent) res.writeHead(502, { "content-type": "application/json", "content-length": String(Buffer.byteLength(body502)) });
        res.end(body502);
      })();
    });
  });
  server.keepAliveTimeout = 1_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
