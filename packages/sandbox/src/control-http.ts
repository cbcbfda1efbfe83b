/**
 * The control API over HTTP, for the dev app and manual poking: `POST /_sandbox/<method>` with
 * a JSON object of arguments, JSON out.
 *
 * Who may call it. There is no auth, and listening on 127.0.0.1 does not keep web pages out (any
 * page the developer opens can make the browser send requests to loopback). So:
 * - POST needs `Content-Type: application/json` (else 415). A page can only send that type
 *   cross-site after a CORS preflight, which this API never grants; form posts and
 *   `fetch(…, { mode: "no-cors" })` carry text/plain, form or multipart types.
 * - A request with an `Origin` other than the sandbox's own (`http://` + its Host) is refused
 *   (403): browsers attach Origin to every cross-site POST and CORS request.
 * - The Host must be a loopback name (127.0.0.1, localhost, [::1]; else 403), so a page whose DNS
 *   name was rebound to 127.0.0.1 is not "same origin" with us either.
 * - GET (an `<img src>` needs no CORS) reaches only the argument-less reads in GET_READS; every
 *   other method is 405 `Allow: POST`, and GET takes no arguments (body or query → 400).
 * Unknown ids (live stream, playback, asset, egress) → 404 with `{ error, kind, id }`.
 *
 * Faithful to: nothing upstream; it mirrors SandboxControl one-to-one. A RegExp cannot travel in
 * JSON, so `path` in filters/faults may be `{ "regex": "...", "flags": "" }`; `times` < 0 means
 * forever.
 * Cannot catch: n/a (tooling).
 */
import type { IncomingHttpHeaders } from "node:http";
import { z } from "zod";
import { SandboxNotFoundError, type SandboxControl, type SandboxIdKind } from "./control";
import { type Reply, isLoopbackUrl, parseJson } from "./http-util";
import { ingestHealthStatuses } from "./mux/emulator";

const service = z.enum(["mux", "livekit", "stats"]);
const webhookService = z.enum(["mux", "livekit"]);
const pathMatcher = z
  .union([z.string(), z.object({ regex: z.string(), flags: z.string().optional() })])
  .transform((p) => (typeof p === "string" ? p : new RegExp(p.regex, p.flags)));
const filter = z.object({ service: service.optional(), method: z.string().optional(), path: pathMatcher.optional(), rpc: z.string().optional() });

const faultAction = z.union([
  z.object({ status: z.number().int(), body: z.unknown().optional(), headers: z.record(z.string(), z.string()).optional() }),
  z.object({ twirp: z.object({ code: z.string(), msg: z.string() }) }),
  z.object({ delayMs: z.number().min(0) }),
  z.object({ drop: z.literal(true) }),
  z.object({ dropAfterHandling: z.literal(true) }),
  z.object({ delayResponseMs: z.number().min(0) }),
]);

const bucket = z.object({ perSecond: z.number().positive(), burst: z.number().int().min(1) });

const schemas = {
  createRoom: z.object({ name: z.string().min(1) }),
  joinRoom: z.object({ room: z.string().min(1), identity: z.string().min(1), name: z.string().optional(), attributes: z.record(z.string(), z.string()).optional() }),
  leaveRoom: z.object({ room: z.string().min(1), identity: z.string().min(1) }),
  deleteRoom: z.object({ name: z.string().min(1) }),
  participants: z.object({ room: z.string().min(1) }),
  roomMetadata: z.object({ room: z.string().min(1) }),
  participantAttributes: z.object({ room: z.string().min(1), identity: z.string().min(1) }),
  templateUrl: z.object({ egressId: z.string() }),
  templateReady: z.object({ egressId: z.string() }),
  requests: filter.partial().default({}),
  muxLiveStreams: z.object({}).default({}),
  muxLiveStream: z.object({ id: z.string() }),
  muxAssets: z.object({}).default({}),
  muxAsset: z.object({ id: z.string() }),
  egresses: z.object({}).default({}),
  egress: z.object({ id: z.string() }),
  webhooksSent: z.object({ service: webhookService.optional(), type: z.string().optional() }).default({}),
  fault: z.object({
    service,
    match: z.object({ method: z.string().optional(), path: pathMatcher.optional(), rpc: z.string().optional() }),
    times: z.number().optional(),
    action: faultAction,
  }),
  clearFaults: z.object({}).default({}),
  webhookFault: z.object({
    service: webhookService,
    type: z.string().optional(),
    times: z.number().optional(),
    action: z.union([z.enum(["drop", "duplicate", "hold"]), z.object({ delayMs: z.number().min(0) })]),
  }),
  releaseHeld: z.object({}).default({}),
  failStreamUrl: z.object({ egressId: z.string(), urlSubstring: z.string(), error: z.string().optional() }),
  dropStreamUrl: z.object({ egressId: z.string(), urlSubstring: z.string(), error: z.string().optional(), recoverAfterMs: z.number().int().min(0).optional() }),
  dropMuxIngest: z.object({ liveStreamId: z.string(), forMs: z.number().int().min(0) }),
  refuseIngest: z.object({ urlSubstring: z.string(), error: z.string().optional() }),
  // The settings object itself, like `fault`'s spec; `{}` turns every limit off.
  setRateLimits: z
    .object({
      mux: z
        .union([z.boolean(), z.object({ post: bucket.optional(), other: bucket.optional(), retryAfterHeaders: z.boolean().optional() })])
        .optional(),
      livekitMaxConcurrentEgress: z.number().int().min(0).optional(),
    })
    .strict()
    .default({}),
  setViewers: z.object({ id: z.string(), viewers: z.number().int().min(0), views: z.number().int().min(0) }),
  setIngestHealth: z.object({
    liveStreamId: z.string(),
    status: z.enum(ingestHealthStatuses),
    streamDriftSessionAvg: z.number().min(0).optional(),
    streamDriftDeviationFromRollingAvg: z.number().min(0).optional(),
  }),
  liveStreamWarning: z.object({ liveStreamId: z.string(), type: z.string(), message: z.string() }),
  setWebhookUrl: z.object({ service: webhookService, url: z.string().optional() }),
  now: z.object({}).default({}),
  advance: z.object({ ms: z.number().min(0) }),
  settle: z.object({}).default({}),
  reset: z.object({}).default({}),
} as const;

type MethodName = keyof typeof schemas;

function isMethod(name: string): name is MethodName {
  return Object.hasOwn(schemas, name);
}

/**
 * What GET may call: reads that take no arguments. Anything that changes state, or even waits on
 * it (`settle`), is POST-only, because a cross-site GET needs nothing but an `<img src>`.
 */
const GET_READS: ReadonlySet<MethodName> = new Set<MethodName>([
  "requests",
  "muxLiveStreams",
  "muxAssets",
  "egresses",
  "webhooksSent",
  "now",
]);

const NO_GET_ARGUMENTS: Reply = { status: 400, body: { error: "GET takes no arguments: POST them as a JSON object" } };

/**
 * The header and query checks (see the header comment), which the server runs before
 * handleControlHttp — that one only sees method, path and body. Returns the refusal, or
 * undefined to go ahead.
 */
export function screenControlRequest(request: {
  method: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
}): Reply | undefined {
  const { host, origin } = request.headers;
  if (host !== undefined && !isLoopbackUrl(`http://${host}`)) {
    const error = `Host ${host} is not a loopback address: refused (a page on a DNS name rebound to 127.0.0.1 looks same-origin)`;
    return { status: 403, body: { error } };
  }
  if (origin !== undefined) {
    const own = host === undefined ? undefined : `http://${host}`.toLowerCase();
    if (origin.toLowerCase() !== own) {
      const error = `cross-origin request refused: Origin ${origin} is not this sandbox (${own ?? "no Host"})`;
      return { status: 403, body: { error } };
    }
  }
  if (request.method === "POST") {
    const mediaType = (request.headers["content-type"] ?? "").split(";")[0]?.trim().toLowerCase();
    if (mediaType !== "application/json") {
      const got = request.headers["content-type"] ?? "none";
      const error = `POST needs Content-Type: application/json (got ${got}); other types are what any web page can send`;
      return { status: 415, body: { error } };
    }
  }
  if (request.method === "GET" && Object.keys(request.query).length > 0) return NO_GET_ARGUMENTS;
  return undefined;
}

export async function handleControlHttp(control: SandboxControl, method: string, path: string, bodyText: string): Promise<Reply> {
  const name = path.slice("/_sandbox/".length);
  if (!isMethod(name)) return { status: 404, body: { error: `unknown control method ${name}`, methods: Object.keys(schemas) } };
  const allow = GET_READS.has(name) ? "GET, POST" : "POST";
  if (method === "GET") {
    if (!GET_READS.has(name)) {
      const error = `${name} is POST-only (GET reaches only argument-less reads): POST it with Content-Type: application/json`;
      return { status: 405, headers: { Allow: allow }, body: { error } };
    }
    if (bodyText.trim() !== "") return NO_GET_ARGUMENTS;
  } else if (method !== "POST") {
    return { status: 405, headers: { Allow: allow }, body: { error: `use ${allow}` } };
  }
  const raw = parseJson(bodyText);
  if (raw === undefined && bodyText.trim() !== "") return { status: 400, body: { error: "body is not JSON" } };
  const result = await call(control, name, raw ?? {});
  if (result.ok) return { status: 200, body: { result: result.value ?? null } };
  if ("notFound" in result) return { status: 404, body: { error: result.error, kind: result.notFound.kind, id: result.notFound.id } };
  return { status: 400, body: { error: result.error } };
}

type CallResult =
  | { ok: true; value: unknown }
  | { ok: false; error: string }
  | { ok: false; error: string; notFound: { kind: SandboxIdKind; id: string } };

const notFound = (error: SandboxNotFoundError): CallResult => ({ ok: false, error: error.message, notFound: { kind: error.kind, id: error.id } });

async function call(control: SandboxControl, name: MethodName, raw: unknown): Promise<CallResult> {
  const parsed = schemas[name].safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  const ok = (value: unknown): CallResult => ({ ok: true, value });
  // Reads answer undefined for an unknown id in process; over HTTP that is a 404, not `null`.
  const found = (kind: SandboxIdKind, id: string, value: unknown): CallResult =>
    value === undefined ? notFound(new SandboxNotFoundError(kind, id)) : ok(value);
  try {
    switch (name) {
      case "createRoom": {
        const a = schemas.createRoom.parse(raw);
        return ok(control.createRoom(a.name));
      }
      case "joinRoom": {
        const a = schemas.joinRoom.parse(raw);
        return ok(control.joinRoom(a.room, a.identity, { name: a.name, attributes: a.attributes }));
      }
      case "leaveRoom": {
        const a = schemas.leaveRoom.parse(raw);
        return ok(control.leaveRoom(a.room, a.identity));
      }
      case "deleteRoom":
        return ok(control.deleteRoom(schemas.deleteRoom.parse(raw).name));
      case "participants":
        return ok(control.participants(schemas.participants.parse(raw).room));
      case "roomMetadata":
        // null, not 404: a room is named, not an id the sandbox handed out.
        return ok(control.roomMetadata(schemas.roomMetadata.parse(raw).room) ?? null);
      case "participantAttributes": {
        const a = schemas.participantAttributes.parse(raw);
        return ok(control.participantAttributes(a.room, a.identity) ?? null);
      }
      case "templateUrl":
        return ok((await control.templateUrl(schemas.templateUrl.parse(raw).egressId)) ?? null);
      case "templateReady":
        return ok(control.templateReady(schemas.templateReady.parse(raw).egressId));
      case "requests":
        return ok(control.requests(schemas.requests.parse(raw)));
      case "muxLiveStreams":
        return ok(control.muxLiveStreams());
      case "muxLiveStream": {
        const { id } = schemas.muxLiveStream.parse(raw);
        return found("live stream", id, control.muxLiveStream(id));
      }
      case "muxAssets":
        return ok(control.muxAssets());
      case "muxAsset": {
        const { id } = schemas.muxAsset.parse(raw);
        return found("asset", id, control.muxAsset(id));
      }
      case "egresses":
        return ok(control.egresses());
      case "egress": {
        const { id } = schemas.egress.parse(raw);
        return found("egress", id, control.egress(id));
      }
      case "webhooksSent":
        return ok(control.webhooksSent(schemas.webhooksSent.parse(raw)));
      case "fault":
        return ok({ id: control.fault(schemas.fault.parse(raw)) });
      case "clearFaults":
        return ok(control.clearFaults());
      case "webhookFault":
        return ok(control.webhookFault(schemas.webhookFault.parse(raw)));
      case "releaseHeld":
        return ok(await control.releaseHeld());
      case "failStreamUrl": {
        const a = schemas.failStreamUrl.parse(raw);
        return ok(control.failStreamUrl(a.egressId, a.urlSubstring, a.error));
      }
      case "dropStreamUrl": {
        const a = schemas.dropStreamUrl.parse(raw);
        return ok(control.dropStreamUrl(a.egressId, a.urlSubstring, a.error, a.recoverAfterMs));
      }
      case "dropMuxIngest": {
        const a = schemas.dropMuxIngest.parse(raw);
        return ok(control.dropMuxIngest(a.liveStreamId, a.forMs));
      }
      case "refuseIngest": {
        const a = schemas.refuseIngest.parse(raw);
        return ok(control.refuseIngest(a.urlSubstring, a.error));
      }
      case "setRateLimits":
        return ok(control.setRateLimits(schemas.setRateLimits.parse(raw)));
      case "setViewers": {
        const a = schemas.setViewers.parse(raw);
        return ok(control.setViewers(a.id, { viewers: a.viewers, views: a.views }));
      }
      case "setIngestHealth": {
        const { liveStreamId, ...health } = schemas.setIngestHealth.parse(raw);
        return ok(control.setIngestHealth(liveStreamId, health));
      }
      case "liveStreamWarning": {
        const a = schemas.liveStreamWarning.parse(raw);
        return ok(control.liveStreamWarning(a.liveStreamId, { type: a.type, message: a.message }));
      }
      case "setWebhookUrl": {
        const a = schemas.setWebhookUrl.parse(raw);
        return ok(control.setWebhookUrl(a.service, a.url));
      }
      case "now":
        return ok(control.now());
      case "advance":
        return ok(await control.advance(schemas.advance.parse(raw).ms));
      case "settle":
        return ok(await control.settle());
      case "reset":
        return ok(control.reset());
    }
  } catch (error) {
    if (error instanceof SandboxNotFoundError) return notFound(error);
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
