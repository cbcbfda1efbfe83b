import "server-only";
// Going live: the request planned and checked, the room claimed by a `starting` row, then the
// upstream steps (start-upstream.ts) (docs/architecture.md, "Broadcast lifecycle").
import { randomUUID } from "node:crypto";
import { badRequest, DEFAULT_LAYOUT, DEFAULT_ORIENTATION, DEFAULT_QUALITY, LivestreamError, MAX_DURATION, parseOrBadRequest, startFieldsSchema, type StartLivestreamResult } from "../contract";
import { assertPublicDestinations, type DestinationInput, type GoLivePlan, type GoLiveSettings, keyHashesFor, planGoLive, storedDestinations } from "../destinations";
import { assertMayBroadcast } from "../rooms";
import { assertUpstreamConfigured, isPoolable, refillSoon } from "../upstream";
import { muxSigningKey } from "../config";
import { onceForKey, requestHashOf } from "./idempotency";
import { claimRoomForStart, type RoomClaim } from "./room-claim";
import { muxLinkFields, sealDestinationUrls } from "./row-destinations";
import { startUpstream } from "./start-upstream";

/**
 * A go-live: the POST body (parsed with startBodySchema) or, from server code, the same
 * settings with destinations built with buildDestination. Planned here, by the planner.
 */
export type StartLivestreamOptions = GoLiveSettings & {
  /** Additional RTMP destinations beyond MUX */
  additionalDestinations?: readonly DestinationInput[];
};

export type StartLivestreamControl = {
  /**
   * The same key from the same user within 24 h answers the first result and starts
   * nothing new; reused for another request, or while the first still runs: 409.
   */
  idempotencyKey?: string;
};

export async function startLivestream(options: StartLivestreamOptions, userId: string, control: StartLivestreamControl = {}): Promise<StartLivestreamResult> {
  const plan = planGoLive({ ...parseOrBadRequest(startFieldsSchema, options), additionalDestinations: options.additionalDestinations });
  const key = control.idempotencyKey;
  if (key === undefined) return startPlanned(plan, userId);
  return onceForKey(userId, key, requestHashOf(idempotentRequest(plan)), () => startPlanned(plan, userId));
}

/**
 * What an Idempotency-Key is bound to: the request as asked (defaults not filled in), in
 * the shape keys were always hashed in, so keys claimed before an upgrade still match.
 * Settings not asked are undefined and drop out of the JSON.
 */
function idempotentRequest({ protocol: _protocol, destinations, ...asked }: GoLivePlan) {
  return { ...asked, additionalDestinations: destinations.map((d) => ({ type: d.type, name: d.name, rtmpUrl: d.rtmpUrl, streamKey: d.streamKey })) };
}

/** The plan a go-live runs: the settings as asked, each left out at its default. */
function withDefaults(plan: GoLivePlan) {
  return {
    ...plan,
    latencyMode: plan.latencyMode ?? "standard",
    maxDuration: plan.maxDuration ?? MAX_DURATION.max,
    layout: plan.layout ?? DEFAULT_LAYOUT,
    quality: plan.quality ?? DEFAULT_QUALITY,
    orientation: plan.orientation ?? DEFAULT_ORIENTATION,
    visibility: plan.visibility ?? "public",
  };
}

export type StartPlan = ReturnType<typeof withDefaults>;

async function startPlanned(asked: GoLivePlan, userId: string): Promise<StartLivestreamResult> {
  const plan = withDefaults(asked);
  await assertMayStart(plan, userId);
  const poolable = isPoolable(plan);
  const claim = await claimRoom(plan, userId, poolable);
  try {
    return await startUpstream(plan, claim, userId);
  } finally {
    // The pool is topped up once this go-live is over, not from its take on: the refill would
    // otherwise compete with the steps still ahead of it (upstream/pool-claim.ts, `takePooledStream`).
    if (poolable) refillSoon();
  }
}

/** Everything that may refuse the go-live before anything is written or created upstream. */
async function assertMayStart(plan: StartPlan, userId: string): Promise<void> {
  // No destination may make the egress dial a private address.
  await assertPublicDestinations(plan.destinations);
  assertUpstreamConfigured();
  // A private broadcast nobody could be given a token for would be unwatchable: refuse it now.
  if (plan.visibility === "private" && !muxSigningKey()) {
    throw badRequest('visibility "private" needs MUX_SIGNING_KEY and MUX_PRIVATE_KEY (a MUX URL signing key) to sign viewers\' playback tokens; set both, or go live with visibility "public".');
  }
  await assertMayBroadcast(plan.roomName, userId);
}

/**
 * The `starting` row that claims the room (room-claim.ts): 409 when the room already has a live
 * broadcast, 429 over LIVESTREAM_MAX_LIVE_PER_USER, 403 when the starter stopped being a host
 * since `assertMayStart`. The extras' full URLs are kept sealed (for removing one while live),
 * bound to the row's id. A pool stream, when one serves, is linked from the insert on.
 */
async function claimRoom(plan: StartPlan, userId: string, poolable: boolean): Promise<RoomClaim> {
  const id = randomUUID();
  const stored = storedDestinations(plan.destinations, randomUUID);
  const claim = await claimRoomForStart(
    {
      id,
      roomName: plan.roomName,
      userId,
      destinations: stored,
      layout: plan.layout,
      quality: plan.quality,
      orientation: plan.orientation,
      visibility: plan.visibility,
      captions: plan.captions ?? null,
      title: plan.title ?? null,
      description: plan.description ?? null,
      // The guardrail enforces it even if MUX's active event, which also carries it, is lost.
      maxDurationSeconds: plan.maxDuration,
      destinationUrlsSealed: sealDestinationUrls(stored, plan.destinations, id),
      destinationKeyHashes: keyHashesFor(plan.destinations.map((d) => d.streamKey), id),
    },
    { poolable, linkedTo: (stream) => muxLinkFields(stream, plan.protocol, stored) },
  );
  if (!claim) {
    throw new LivestreamError("conflict", `Room "${plan.roomName}" already has a live broadcast. Stop it before going live again.`);
  }
  return claim;
}
