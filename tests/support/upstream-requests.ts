// What tests read from the requests the app sent the sandbox (`control.requests()` records
// every body as parsed JSON, `unknown`): read with a schema, as answers are (with the contract's schemas).
// Loose: these are LiveKit's and MUX's shapes, and a test reads only the fields it checks.
import type { RecordedRequest } from "@golive/sandbox";
import { z } from "zod";

/** Any JSON object body (LiveKit's UpdateLayout, UpdateStream, …). */
export const jsonObjectSchema = z.record(z.string(), z.unknown());

/** LiveKit's StartRoomCompositeEgress, as the Node SDK sends it (Twirp JSON). */
export const roomCompositeEgressSchema = z.looseObject({
  roomName: z.string(),
  layout: z.string(),
  advanced: jsonObjectSchema,
  streamOutputs: z.array(z.looseObject({ protocol: z.string(), urls: z.array(z.string()) })),
});

/** LiveKit's ListEgress: one egress, the running ones, or all. */
export const listEgressSchema = z.looseObject({ egressId: z.string().optional(), active: z.boolean().optional() });

/** MUX's create-live-stream body; pool streams' passthrough starts with "pool:". */
export const muxCreateLiveStreamSchema = z.looseObject({ passthrough: z.string().optional() });

/** A recorded request's body read with `schema`; throws with the body when it doesn't parse. */
export function recordedBody<S extends z.ZodType>(request: RecordedRequest | undefined, schema: S): z.output<S> {
  const parsed = schema.safeParse(request?.body);
  if (parsed.success) return parsed.data;
  const what = request ? `${request.method} ${request.path}${request.rpc ? ` (${request.rpc})` : ""}` : "no request";
  throw new Error(`${what}: body does not parse:\n${z.prettifyError(parsed.error)}\n${JSON.stringify(request?.body, null, 2)}`);
}

/** The passthrough of a recorded MUX create ("" when it has none). */
export const passthroughOf = (request: RecordedRequest) => recordedBody(request, muxCreateLiveStreamSchema.optional())?.passthrough ?? "";

/**
 * The MUX create body golive sends for a go-live that asks for nothing else (a pool stream's
 * too): a recording that survives a blip (reconnect window and slate), the longest MUX allows.
 */
export const plainLiveStreamBody = (passthrough: unknown) => ({
  playback_policy: ["public"],
  new_asset_settings: { playback_policy: ["public"] },
  latency_mode: "standard",
  max_continuous_duration: 43200,
  reconnect_window: 60,
  use_slate_for_standard_latency: true,
  passthrough,
});
