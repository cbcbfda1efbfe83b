/**
 * MUX Video REST routes (`/video/v1/...`).
 *
 * Faithful to: paths, methods and the `{ "data": ... }` envelope that @mux/mux-node 15 calls
 * (resources/video/live-streams.js, assets.js); HTTP Basic auth with token id/secret (401
 * otherwise); errors as `{ "error": { "type", "messages": [...] } }` with 400 for invalid
 * parameters and 404 for unknown ids; 204 with no body for DELETE; list paging with `page`
 * (1-based) and `limit`, newest first.
 * Rate limits (opt-in, rate-limits.ts): past the environment's bucket, 429 before any work is
 * done, so a refused call changes nothing.
 * Assets: GET, DELETE (204), POST only for clips of an existing asset, and
 * `POST /assets/{id}/static-renditions` (201, the rendition).
 * Cannot catch: endpoints not listed here (they answer 404), PATCH updates, playback-id
 * management, asset creation from uploads or URLs, or MUX's exact error wording.
 */
import { timingSafeEqual } from "node:crypto";
import type { IncomingHttpHeaders } from "node:http";
import { type Reply, parseJson } from "../http-util";
import type { Clock } from "../clock";
import { MUX_TOO_MANY_REQUESTS_BODY, type RateLimits } from "../rate-limits";
import { MuxApiError, NOT_FOUND_MESSAGE, type MuxEmulator } from "./emulator";
import { assetJson, liveStreamJson, staticRenditionJson } from "./model";
import { createAssetSchema, createLiveStreamSchema, createStaticRenditionSchema, listQuerySchema, simulcastTargetSchema, zodMessages } from "./schemas";

export type MuxRequest = {
  method: string;
  path: string;
  query: Record<string, string>;
  bodyText: string;
  headers: IncomingHttpHeaders;
};

export class MuxRoutes {
  constructor(
    private readonly mux: MuxEmulator,
    private readonly clock: Clock,
    private readonly credentials: { tokenId: string; tokenSecret: string },
    private readonly limits?: RateLimits,
  ) {}

  async handle(req: MuxRequest): Promise<Reply> {
    if (!this.authorised(req.headers.authorization)) {
      return error(401, "unauthorized", ["Unauthorized request"]);
    }
    // After auth: MUX counts requests per environment, and only a valid token names one.
    const taken = this.limits?.takeMux(this.credentials.tokenId, req.method);
    if (taken && !taken.ok) return this.tooManyRequests(taken.retryAfterMs);
    try {
      return this.route(req);
    } catch (cause) {
      if (cause instanceof MuxApiError) return error(cause.status, cause.type, cause.messages);
      throw cause;
    }
  }

  private route(req: MuxRequest): Reply {
    const { method } = req;
    const parts = req.path.split("/").filter(Boolean).map(decodeURIComponent); // ["video","v1",...]
    const [video, v1, resource, id, sub, subId, ...rest] = parts;
    if (video !== "video" || v1 !== "v1" || rest.length > 0) return notFound();

    if (resource === "live-streams") {
      if (id === undefined) {
        if (method === "POST") return this.create(req.bodyText);
        if (method === "GET") return this.list(req.query);
        return notFound();
      }
      if (sub === undefined) {
        if (method === "GET") return ok(liveStreamJson(this.mux.getLiveStream(id)));
        if (method === "DELETE") {
          this.mux.deleteLiveStream(id);
          return { status: 204 };
        }
        return notFound();
      }
      if (subId === undefined && method === "PUT") {
        if (sub === "complete") return this.action(() => this.mux.complete(id));
        if (sub === "disable") return this.action(() => this.mux.disable(id));
        if (sub === "enable") return this.action(() => this.mux.enable(id));
      }
      if (sub === "simulcast-targets") {
        if (subId === undefined && method === "POST") {
          const body = parseBody(req.bodyText);
          const parsed = simulcastTargetSchema.safeParse(body);
          if (!parsed.success) return error(400, "invalid_parameters", zodMessages(parsed.error));
          return { status: 201, body: { data: this.mux.createSimulcastTarget(id, parsed.data) } };
        }
        if (subId !== undefined && method === "GET") return ok(this.mux.getSimulcastTarget(id, subId));
        if (subId !== undefined && method === "DELETE") {
          this.mux.deleteSimulcastTarget(id, subId);
          return { status: 204 };
        }
      }
      return notFound();
    }

    if (resource === "assets" && sub === undefined) {
      if (id === undefined && method === "GET") {
        return { status: 200, body: { data: this.mux.listAssets().map((a) => assetJson(a, this.clock.now())) } };
      }
      if (id === undefined && method === "POST") {
        const parsed = createAssetSchema.safeParse(parseBody(req.bodyText));
        if (!parsed.success) return error(400, "invalid_parameters", zodMessages(parsed.error));
        return { status: 201, body: { data: assetJson(this.mux.createClipAsset(parsed.data), this.clock.now()) } };
      }
      if (id !== undefined && method === "GET") return ok(assetJson(this.mux.getAsset(id), this.clock.now()));
      if (id !== undefined && method === "DELETE") {
        this.mux.deleteAsset(id);
        return { status: 204 };
      }
    }
    if (resource === "assets" && id !== undefined && sub === "static-renditions" && subId === undefined && method === "POST") {
      const parsed = createStaticRenditionSchema.safeParse(parseBody(req.bodyText));
      if (!parsed.success) return error(400, "invalid_parameters", zodMessages(parsed.error));
      return { status: 201, body: { data: staticRenditionJson(this.mux.createStaticRendition(id)) } };
    }
    return notFound();
  }

  private create(bodyText: string): Reply {
    const parsed = createLiveStreamSchema.safeParse(parseBody(bodyText));
    if (!parsed.success) return error(400, "invalid_parameters", zodMessages(parsed.error));
    return { status: 201, body: { data: liveStreamJson(this.mux.createLiveStream(parsed.data)) } };
  }

  private list(query: Record<string, string>): Reply {
    const parsed = listQuerySchema.safeParse(query);
    if (!parsed.success) return error(400, "invalid_parameters", zodMessages(parsed.error));
    const { page = 1, limit = 25, status, stream_key } = parsed.data;
    const all = this.mux.listLiveStreams({ status, streamKey: stream_key });
    const slice = all.slice((page - 1) * limit, page * limit);
    return { status: 200, body: { data: slice.map((s) => liveStreamJson(s)) } };
  }

  private action(run: () => void): Reply {
    run();
    return { status: 200, body: { data: {} } };
  }

  private tooManyRequests(retryAfterMs: number): Reply {
    // @mux/mux-node's retry reads retry-after-ms first, then retry-after (seconds).
    const headers = this.limits?.muxRetryAfterHeaders()
      ? { "retry-after": String(Math.max(1, Math.ceil(retryAfterMs / 1000))), "retry-after-ms": String(retryAfterMs) }
      : undefined;
    return { status: 429, body: MUX_TOO_MANY_REQUESTS_BODY, headers };
  }

  private authorised(header: string | undefined): boolean {
    if (!header?.startsWith("Basic ")) return false;
    const given = Buffer.from(header.slice(6), "base64");
    const expected = Buffer.from(`${this.credentials.tokenId}:${this.credentials.tokenSecret}`);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }
}

/** Invalid JSON is a 400 in MUX's shape, not a crash. */
function parseBody(text: string): unknown {
  const body = parseJson(text);
  if (body === undefined && text.trim() !== "") {
    throw new MuxApiError(400, "invalid_parameters", ["Request body is not valid JSON"]);
  }
  return body ?? {};
}

function ok(data: unknown): Reply {
  return { status: 200, body: { data } };
}

function notFound(): Reply {
  return error(404, "not_found", [NOT_FOUND_MESSAGE]);
}

export function error(status: number, type: string, messages: string[]): Reply {
  return { status, body: { error: { type, messages } } };
}
