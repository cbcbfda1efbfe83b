// The one owner of go-live input: a body (or buildDestination's result) becomes a plan the service
// runs without checking again. Pure, so the route, the action and the form share it; the DNS half
// stays in host-policy.ts (docs/architecture.md, "Security model").
import "../contract";
import { z } from "zod";
import type { StoredDestination } from "../db";
import {
  badRequest,
  LivestreamError,
  type CaptionLanguage,
  type Layout,
  type Orientation,
  type Quality,
  type Visibility,
  MAX_DESTINATIONS,
  MAX_NAME_LENGTH,
  type DestinationBody,
  pastedStartBodySchema,
  type PastedStartBody,
  tooManyDestinationsMessage,
  controlCharactersMessage,
  hasControlCharacters,
} from "../contract";
import { livekitRedactedUrl, maskRtmpUrl } from "./mask";
import {
  assertValidStreamKey,
  buildDestination,
  protocolOf,
  type StreamDestination,
  type StreamDestinationType,
  type StreamProtocol,
} from "./stream-destinations";

/** An extra destination as the request body gives it, pasted (a saved one is unsealed before planning: saved.ts). */
export type BodyDestination = DestinationBody;
/** An extra destination from the body, or one server code built with buildDestination. */
export type DestinationInput = BodyDestination | StreamDestination;

export type PlannedDestination = {
  type: StreamDestinationType;
  name: string;
  /** The full ingest URL, stream key included: what the egress dials. */
  rtmpUrl: string;
  streamKey: string;
  /** rtmpUrl with its key masked: what a person or a log may see. */
  maskedUrl: string;
};

export type DestinationPlan = {
  /** One per egress (LiveKit's rule); MUX's ingest is picked to match. */
  protocol: StreamProtocol;
  destinations: readonly PlannedDestination[];
};

/** A go-live's settings other than its destinations; each undefined when not asked. */
export type GoLiveSettings = {
  roomName: string;
  /** MUX latency mode (default "standard"). */
  latencyMode?: "standard" | "low";
  /** Max continuous duration in seconds, 60–43200 (default 43200 = 12 h). */
  maxDuration?: number;
  /** LiveKit's room-composite layout (default "grid"); switchable while live. */
  layout?: Layout;
  /** Encoding preset (default "1080p30") and orientation (default "landscape"). */
  quality?: Quality;
  orientation?: Orientation;
  /** "private": MUX signed playback, watched per watch/policy.ts (default "public"). */
  visibility?: Visibility;
  /** MUX's generated live captions in this language (not with latencyMode "low"). */
  captions?: CaptionLanguage;
  /** What viewers see it called (1–100 characters), and what it is about (at most 2000). */
  title?: string;
  description?: string;
};

/**
 * A go-live request, checked and planned. The settings stay as asked (undefined when not
 * given): the service applies the defaults, and an Idempotency-Key compares requests as they
 * were asked.
 */
export type GoLivePlan = DestinationPlan & GoLiveSettings;

export { MAX_NAME_LENGTH } from "../contract";

export const lowLatencyCaptionsMessage =
  'captions are not available with latencyMode "low": MUX does not caption low-latency streams. Choose latencyMode "standard", or no captions.';

export const mixedProtocolsMessage =
  "additionalDestinations must all use the same protocol: LiveKit sends one egress over either rtmp:// or rtmps://, not both.";

/** Runs `build`; a 400 it throws is renamed after the destination's field and index. */
function atIndex<T>(field: string, index: number, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof LivestreamError) throw new LivestreamError(error.code, `${field}[${index}].${error.message}`);
    throw error;
  }
}

function toStreamDestination(input: DestinationInput): StreamDestination {
  if ("rtmpUrl" in input) {
    // Built by server code: its URL is trusted to be the builder's, but the key must still
    // be one path segment and the URL must end with it (the key is what gets masked).
    assertValidStreamKey(input.streamKey);
    if (!input.rtmpUrl.endsWith(`/${input.streamKey}`)) throw badRequest("rtmpUrl must end with its stream key.");
    if (input.name.length > MAX_NAME_LENGTH) throw badRequest(`name must be at most ${MAX_NAME_LENGTH} characters.`);
    if (hasControlCharacters(input.name)) throw badRequest(controlCharactersMessage("name"));
    return input;
  }
  return buildDestination(input.type, input.streamKey, {
    name: input.name,
    customRtmpUrl: input.customRtmpUrl,
    twitchIngestServer: input.twitchIngestServer,
  });
}

/**
 * Plans the extra destinations (MUX is the service's): throws a 400 naming the index and
 * field of the first problem, the one-protocol rule when rtmp and rtmps are mixed, or a
 * repeated destination (LiveKit keys outputs by URL: two would be one).
 * `field` names the list in messages (PATCH adds to a live broadcast with `addDestinations`).
 */
export function planDestinations(inputs: readonly DestinationInput[] = [], field = "additionalDestinations"): DestinationPlan {
  if (inputs.length > MAX_DESTINATIONS) throw badRequest(tooManyDestinationsMessage.replace("additionalDestinations", field));
  const built = inputs.map((input, index) => atIndex(field, index, () => toStreamDestination(input)));
  const urls = built.map((d) => d.rtmpUrl);
  const repeated = urls.findIndex((url, index) => urls.indexOf(url) !== index);
  if (repeated >= 0) throw badRequest(`${field}[${repeated}] is the same destination as ${field}[${urls.indexOf(urls[repeated] ?? "")}].`);
  const protocols = new Set(urls.map(protocolOf));
  if (protocols.size > 1) throw badRequest(mixedProtocolsMessage.replace("additionalDestinations", field));
  return {
    // MUX ingests both; the extras decide so the egress stays single-protocol.
    protocol: protocols.has("rtmps") ? "rtmps" : "rtmp",
    destinations: built.map((d) => ({ type: d.type, name: d.name, rtmpUrl: d.rtmpUrl, streamKey: d.streamKey, maskedUrl: maskRtmpUrl(d.rtmpUrl) })),
  };
}

/** Plans an already parsed body. */
export function planGoLive(body: Omit<PastedStartBody, "additionalDestinations"> & { additionalDestinations?: readonly DestinationInput[] }): GoLivePlan {
  if (body.captions !== undefined && body.latencyMode === "low") throw badRequest(lowLatencyCaptionsMessage);
  const plan = planDestinations(body.additionalDestinations);
  return {
    roomName: body.roomName,
    latencyMode: body.latencyMode,
    maxDuration: body.maxDuration,
    layout: body.layout,
    quality: body.quality,
    orientation: body.orientation,
    visibility: body.visibility,
    captions: body.captions,
    title: body.title,
    description: body.description,
    ...plan,
  };
}

/**
 * The go-live body with pasted destinations, parsed and planned in one pass: the body's field
 * errors first (all of them, as one message), then — only when those pass — the planner's.
 */
export const goLiveRequestSchema = pastedStartBodySchema.transform((body, ctx): GoLivePlan => {
  try {
    return planGoLive(body);
  } catch (error) {
    if (!(error instanceof LivestreamError)) throw error;
    ctx.addIssue({ code: "custom", message: error.message });
    return z.NEVER;
  }
});

/** A plan handed to the service is already checked; options from server code are not. */
export function isGoLivePlan(input: object): input is GoLivePlan {
  return "protocol" in input && "destinations" in input;
}

/**
 * What the broadcast row records of each extra destination, never its key: a new id (from
 * `newId`), and the URL as LiveKit will report it, to match its reports to this destination.
 */
export function storedDestinations(destinations: readonly PlannedDestination[], newId: () => string): StoredDestination[] {
  return destinations.map((d) => ({
    id: newId(),
    type: d.type,
    name: d.name,
    maskedUrl: d.maskedUrl,
    livekitUrl: livekitRedactedUrl(d.rtmpUrl),
    status: "connecting",
  }));
}
