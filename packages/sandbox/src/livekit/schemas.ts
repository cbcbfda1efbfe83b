/**
 * zod schemas for the Twirp JSON bodies livekit-server-sdk sends.
 *
 * Faithful to: protobuf-es `toJson()` output as EgressClient/RoomServiceClient send it —
 * lowerCamelCase names, enums as their string names (numbers also accepted, as protojson does),
 * default values omitted, int64 as strings; protojson also accepts the original snake_case
 * names, so keys are normalised to camelCase first. Unknown fields are ignored (twirp discards
 * them). A body that does not decode answers Twirp `malformed`, like twirp's JSON decoder.
 * Cannot catch: fields of requests we do not emulate (file/segment/image outputs, S3 uploads,
 * web/participant/track egress), or protojson's exact range checks on every scalar.
 */
import { z } from "zod";

const enumValue = z.union([z.string(), z.number().int()]);
const int32 = z.number().int().min(-2147483648).max(2147483647);

export const streamOutputSchema = z.looseObject({
  protocol: enumValue.optional(),
  urls: z.array(z.string()).optional(),
});

const encodingOptionsSchema = z.looseObject({
  width: int32.optional(),
  height: int32.optional(),
  depth: int32.optional(),
  framerate: int32.optional(),
  audioCodec: enumValue.optional(),
  audioBitrate: int32.optional(),
  audioQuality: int32.optional(),
  audioFrequency: int32.optional(),
  videoCodec: enumValue.optional(),
  videoBitrate: int32.optional(),
  videoQuality: int32.optional(),
  keyFrameInterval: z.number().optional(),
});

export const startRoomCompositeSchema = z.looseObject({
  roomName: z.string().default(""),
  layout: z.string().default(""),
  audioOnly: z.boolean().default(false),
  videoOnly: z.boolean().default(false),
  customBaseUrl: z.string().default(""),
  audioMixing: enumValue.optional(),
  stream: streamOutputSchema.optional(),
  streamOutputs: z.array(streamOutputSchema).default([]),
  file: z.looseObject({}).optional(),
  segments: z.looseObject({}).optional(),
  fileOutputs: z.array(z.looseObject({})).default([]),
  segmentOutputs: z.array(z.looseObject({})).default([]),
  imageOutputs: z.array(z.looseObject({})).default([]),
  preset: enumValue.optional(),
  advanced: encodingOptionsSchema.optional(),
  webhooks: z.array(z.looseObject({})).optional(),
});
export type StartRoomCompositeBody = z.infer<typeof startRoomCompositeSchema>;

export const egressIdSchema = z.looseObject({ egressId: z.string().default("") });

export const updateStreamSchema = z.looseObject({
  egressId: z.string().default(""),
  addOutputUrls: z.array(z.string()).default([]),
  removeOutputUrls: z.array(z.string()).default([]),
});

export const updateLayoutSchema = z.looseObject({
  egressId: z.string().default(""),
  layout: z.string().default(""),
});

export const listEgressSchema = z.looseObject({
  roomName: z.string().default(""),
  egressId: z.string().default(""),
  active: z.boolean().default(false),
});

export const listRoomsSchema = z.looseObject({ names: z.array(z.string()).default([]) });
export const roomSchema = z.looseObject({ room: z.string().default("") });
/** RoomParticipantIdentity (`revokeTokenTs`, an int64 string, is ignored: see twirp.ts). */
export const roomParticipantSchema = z.looseObject({ room: z.string().default(""), identity: z.string().default("") });

/** protojson accepts `room_name` and `roomName`; normalise to the JSON (camelCase) name. */
export function camelKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(camelKeys);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    out[key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())] = camelKeys(inner);
  }
  return out;
}
