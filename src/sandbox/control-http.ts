/**
 * The control API over HTTP, for the dev app and manual poking: `POST /_sandbox/<method>` with
 * a JSON object of arguments (GET works for the argument-less reads), JSON out. No auth — the
 * server listens on 127.0.0.1 only.
 *
 * Faithful to: nothing upstream; it mirrors SandboxControl one-to-one. A RegExp cannot travel in
 * JSON, so `path` in filters/faults may be `{ "regex": "...", "flags": "" }`; `times` < 0 means
 * forever.
 * Cannot catch: n/a (tooling).
 */
import { z } from "zod";
import type { SandboxControl } from "./control";
import type { Reply } from "./http-util";
import { parseJson } from "./http-util";

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

const schemas = {
  createRoom: z.object({ name: z.string().min(1) }),
  joinRoom: z.object({ room: z.string().min(1), identity: z.string().min(1) }),
  leaveRoom: z.object({ room: z.string().min(1), identity: z.string().min(1) }),
  deleteRoom: z.object({ name: z.string().min(1) }),
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
  refuseIngest: z.object({ urlSubstring: z.string(), error: z.string().optional() }),
  setViewers: z.object({ id: z.string(), viewers: z.number().int().min(0), views: z.number().int().min(0) }),
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

export async function handleControlHttp(control: SandboxControl, method: string, path: string, bodyText: string): Promise<Reply> {
  const name = path.slice("/_sandbox/".length);
  if (!isMethod(name)) return { status: 404, body: { error: `unknown control method ${name}`, methods: Object.keys(schemas) } };
  if (method !== "POST" && method !== "GET") return { status: 405, body: { error: "use POST (or GET for reads)" } };
  const raw = parseJson(bodyText);
  if (raw === undefined && bodyText.trim() !== "") return { status: 400, body: { error: "body is not JSON" } };
  const result = await call(control, name, raw ?? {});
  if (!result.ok) return { status: 400, body: { error: result.error } };
  return { status: 200, body: { result: result.value ?? null } };
}

type CallResult = { ok: true; value: unknown } | { ok: false; error: string };

async function call(control: SandboxControl, name: MethodName, raw: unknown): Promise<CallResult> {
  const parsed = schemas[name].safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") };
  const ok = (value: unknown): CallResult => ({ ok: true, value });
  try {
    switch (name) {
      case "createRoom": {
        const a = schemas.createRoom.parse(raw);
        return ok(control.createRoom(a.name));
      }
      case "joinRoom": {
        const a = schemas.joinRoom.parse(raw);
        return ok(control.joinRoom(a.room, a.identity));
      }
      case "leaveRoom": {
        const a = schemas.leaveRoom.parse(raw);
        return ok(control.leaveRoom(a.room, a.identity));
      }
      case "deleteRoom":
        return ok(control.deleteRoom(schemas.deleteRoom.parse(raw).name));
      case "requests":
        return ok(control.requests(schemas.requests.parse(raw)));
      case "muxLiveStreams":
        return ok(control.muxLiveStreams());
      case "muxLiveStream":
        return ok(control.muxLiveStream(schemas.muxLiveStream.parse(raw).id));
      case "muxAssets":
        return ok(control.muxAssets());
      case "muxAsset":
        return ok(control.muxAsset(schemas.muxAsset.parse(raw).id));
      case "egresses":
        return ok(control.egresses());
      case "egress":
        return ok(control.egress(schemas.egress.parse(raw).id));
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
      case "refuseIngest": {
        const a = schemas.refuseIngest.parse(raw);
        return ok(control.refuseIngest(a.urlSubstring, a.error));
      }
      case "setViewers": {
        const a = schemas.setViewers.parse(raw);
        return ok(control.setViewers(a.id, { viewers: a.viewers, views: a.views }));
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
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}
