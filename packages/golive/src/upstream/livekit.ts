import "server-only";
// Every call golive makes to LiveKit's server API, through one SDK client per configuration, and
// what "already gone" means (docs/architecture.md, "Upstream facts"; tests/unit/source-rules.test.ts).
import {
  EgressClient,
  type EgressInfo,
  EncodingOptions,
  RoomServiceClient,
  StreamOutput,
  StreamProtocol,
  TwirpError,
  WebhookReceiver,
} from "livekit-server-sdk";
import { ParticipantInfo_Kind } from "@livekit/protocol";
import { livekitConfig } from "../config";
import { type Layout, type Encoding, LivestreamError } from "../contract";
import { configured } from "./failures";
import { perConfig } from "./per-config";

/** LiveKit's server API: 15 s per request (the SDK counts seconds). */
const REQUEST_TIMEOUT_S = 15;

type ServerConfig = { host: string; apiKey: string; apiSecret: string };
const egressFor = perConfig((c: ServerConfig) => new EgressClient(c.host, c.apiKey, c.apiSecret, { requestTimeout: REQUEST_TIMEOUT_S }));
const roomServiceFor = perConfig((c: ServerConfig) => new RoomServiceClient(c.host, c.apiKey, c.apiSecret, { requestTimeout: REQUEST_TIMEOUT_S }));
const receiverFor = perConfig((c: { apiKey: string; apiSecret: string }) => new WebhookReceiver(c.apiKey, c.apiSecret));

const serverConfig = (): ServerConfig => configured(livekitConfig);

const egressClient = () => egressFor(serverConfig());
const roomServiceClient = () => roomServiceFor(serverConfig());

/**
 * The Twirp code of a LiveKit error ("not_found", "invalid_argument", …), if it is one.
 * Undefined means LiveKit never answered (timeout, dropped connection).
 */
export function twirpCode(error: unknown): string | undefined {
  return error instanceof TwirpError && typeof error.code === "string" ? error.code : undefined;
}

/**
 * Starts a room-composite egress streaming to `urls`, all rtmp:// or all rtmps://
 * (docs/architecture.md, "Upstream facts"), with `layout` and explicit encoding options
 * (encoding.ts: bitrates in kbps), and with `customBaseUrl` the page its browser opens instead
 * of LiveKit's built-in layouts ("The composite template"). Resolves the egress id; throws
 * LiveKit's error, or upstream_error when it answers without an id.
 */
export async function startRoomCompositeEgress(
  roomName: string,
  urls: readonly string[],
  look: { layout: Layout; encoding: Encoding; customBaseUrl?: string },
): Promise<string> {
  const info = await egressClient().startRoomCompositeEgress(
    roomName,
    // StreamProtocol.RTMP covers rtmps:// URLs too; the scheme of the URLs decides TLS.
    new StreamOutput({ protocol: StreamProtocol.RTMP, urls: [...urls] }),
    { layout: look.layout, encodingOptions: new EncodingOptions(look.encoding), ...(look.customBaseUrl ? { customBaseUrl: look.customBaseUrl } : {}) },
  );
  if (!info.egressId) throw new LivestreamError("upstream_error", "Could not start the LiveKit egress: LiveKit answered without an egress id.");
  return info.egressId;
}

/** Switches a running egress's layout. Throws LiveKit's error. */
export async function updateLayout(egressId: string, layout: Layout): Promise<EgressInfo> {
  return egressClient().updateLayout(egressId, layout);
}

/**
 * Adds and removes outputs of a running stream egress; LiveKit adds before it removes, and
 * knows an output only by its full URL, key included. An added URL that can't connect is
 * not an error here: LiveKit reports it FAILED in the answer and in egress_updated.
 */
export async function updateStream(egressId: string, add: readonly string[], remove: readonly string[]): Promise<EgressInfo> {
  return egressClient().updateStream(egressId, [...add], [...remove]);
}

/**
 * Stops an egress. Resolves once it is stopped or had already ended (LiveKit answers
 * failed_precondition for an ended egress, not_found for one it forgot); throws any other failure.
 */
export async function stopEgress(egressId: string): Promise<void> {
  try {
    await egressClient().stopEgress(egressId);
  } catch (error) {
    const code = twirpCode(error);
    if (code !== "failed_precondition" && code !== "not_found") throw error;
  }
}

/** LiveKit's view of one egress; undefined when LiveKit doesn't know it (not_found). Throws any other failure. */
export async function findEgress(egressId: string): Promise<EgressInfo | undefined> {
  try {
    const [info] = await egressClient().listEgress({ egressId });
    return info;
  } catch (error) {
    if (twirpCode(error) === "not_found") return undefined;
    throw error;
  }
}

/**
 * The egresses that are still running (starting, active or ending): of one room, or of the
 * whole project without `roomName` (one request: reconcile's snapshot). Throws any failure.
 */
export function listActiveEgresses(roomName?: string): Promise<EgressInfo[]> {
  return egressClient().listEgress(roomName === undefined ? { active: true } : { roomName, active: true });
}

/**
 * The identities of the participants in a room; none when LiveKit has no such room
 * (not_found). Throws any other failure.
 */
export async function participantIdentities(roomName: string): Promise<string[]> {
  try {
    return (await roomServiceClient().listParticipants(roomName)).map((p) => p.identity);
  } catch (error) {
    if (twirpCode(error) === "not_found") return [];
    throw error;
  }
}

/** The verifier of LiveKit's signed webhooks (a JWT over the body's sha256, with the API key and secret). */
export function webhookReceiver(): WebhookReceiver {
  const { apiKey, apiSecret } = serverConfig();
  return receiverFor({ apiKey, apiSecret });
}

/**
 * Takes a participant out of a room now (their client is disconnected; LiveKit sends
 * participant_left), and invalidates the room tokens they already hold (`revokeTokenTs`: tokens
 * issued before now), which would otherwise let them rejoin until they expire. Resolves once
 * they are out or were not in it (not_found: no such room or participant); throws any other failure.
 */
export async function removeParticipant(roomName: string, identity: string): Promise<void> {
  try {
    await roomServiceClient().removeParticipant(roomName, identity, { revokeTokenTs: BigInt(Math.floor(Date.now() / 1000)) });
  } catch (error) {
    if (twirpCode(error) !== "not_found") throw error;
  }
}

/**
 * Replaces a room's metadata (the show document, docs/architecture.md, "Rooms and roles").
 * Resolves false when LiveKit has no such room (not_found: nobody is in it); throws any other failure.
 * LiveKit's answer (the Room) is not used: golive keeps no copy of the metadata.
 */
export async function updateRoomMetadata(roomName: string, metadata: string): Promise<boolean> {
  try {
    await roomServiceClient().updateRoomMetadata(roomName, metadata);
    return true;
  } catch (error) {
    if (twirpCode(error) === "not_found") return false;
    throw error;
  }
}

/** A participant as the studio's stage list needs them; `egress`: a recorder (an egress's browser), never on stage. */
export type RoomParticipant = { identity: string; name: string; attributes: Record<string, string>; egress: boolean };

/** The participants in a room, in LiveKit's order; none when LiveKit has no such room (not_found). Throws any other failure. */
export async function roomParticipants(roomName: string): Promise<RoomParticipant[]> {
  try {
    return (await roomServiceClient().listParticipants(roomName)).map((p) => ({
      identity: p.identity,
      name: p.name,
      attributes: { ...p.attributes },
      egress: p.kind === ParticipantInfo_Kind.EGRESS,
    }));
  } catch (error) {
    if (twirpCode(error) === "not_found") return [];
    throw error;
  }
}

/**
 * Merges `attributes` into a participant's (LiveKit deletes a key set to ""): who is on stage
 * (contract/stage.ts). Resolves false when the room or the participant isn't there (not_found); throws any other failure.
 */
export async function updateParticipantAttributes(roomName: string, identity: string, attributes: Record<string, string>): Promise<boolean> {
  try {
    await roomServiceClient().updateParticipant(roomName, identity, { attributes });
    return true;
  } catch (error) {
    if (twirpCode(error) === "not_found") return false;
    throw error;
  }
}
