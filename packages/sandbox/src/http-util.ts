/**
 * Small node:http helpers shared by the emulators.
 *
 * Faithful to: plain HTTP/1.1 JSON request/response handling as the official SDKs use it
 * (fetch with a JSON body; JSON answers).
 * Cannot catch: TLS, HTTP/2, proxies, compression, chunked-encoding quirks, or header-size
 * limits of the real services' edges (Cloudflare/ALB in front of MUX, LiveKit Cloud's edge).
 */
import type { IncomingMessage, ServerResponse } from "node:http";

/** Reads the whole request body as text (the emulators need the raw text for logging). */
export function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

/** JSON.parse that returns undefined instead of throwing (bodies are recorded either way). */
export function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export type Reply = {
  status: number;
  /** serialised as JSON unless `raw` is given */
  body?: unknown;
  /** sent as-is: text, or bytes (media segments, images) */
  raw?: string | Buffer;
  headers?: Record<string, string>;
};

export function send(res: ServerResponse, reply: Reply): void {
  const headers: Record<string, string> = { ...reply.headers };
  let payload: string | Buffer = "";
  if (reply.raw !== undefined) {
    payload = reply.raw;
  } else if (reply.body !== undefined) {
    payload = JSON.stringify(reply.body);
    if (!hasHeader(headers, "content-type")) headers["Content-Type"] = "application/json";
  }
  headers["Content-Length"] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, headers);
  res.end(payload);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name);
}

export function isLoopbackUrl(raw: string): boolean {
  try {
    const url = new URL(raw);
    return (
      (url.protocol === "http:" || url.protocol === "https:") &&
      ["127.0.0.1", "localhost", "[::1]", "::1"].includes(url.hostname)
    );
  } catch {
    return false;
  }
}
