import "server-only";
// Saved destinations: a user's YouTube / Twitch / custom destinations, checked as a go-live
// destination is (stream-destinations.ts, host-policy.ts), the key sealed under its own purpose
// (secret-box.ts) and answered only masked; picked by id at go-live and while live, where they
// are unsealed into the destination pasting them would give, so the planner and the service
// treat both alike (docs/architecture.md, "Saved destinations", "Security model").
import { randomUUID } from "node:crypto";
import { and, count, eq, inArray, sql } from "drizzle-orm";
import { z } from "zod";
import {
  badRequest,
  type DestinationBody,
  LivestreamError,
  MAX_SAVED_DESTINATIONS,
  type SavedDestination,
  type SavedDestinationRef,
  createSavedDestinationBodySchema,
  updateSavedDestinationBodySchema,
} from "../contract";
import { type Database, getDb, type SavedDestinationRow, savedDestinations } from "../db";
import { encryptionSecret } from "../config";
import { assertPublicDestinations } from "./host-policy";
import { maskRtmpUrl, maskSecret } from "./mask";
import { open, seal } from "./secret-box";
import { buildDestination, type StreamDestination } from "./stream-destinations";

type CreateInput = z.output<typeof createSavedDestinationBodySchema>;
type UpdateInput = z.output<typeof updateSavedDestinationBodySchema>;

const PURPOSE = "saved destination keys";
const uuid = z.uuid();

export const unreadableSavedKeyMessage =
  "This saved destination's stream key can't be read back: LIVESTREAM_ENCRYPTION_KEY is not the key it was saved with. Restore that key, or save the stream key again.";

const notFound = () => new LivestreamError("not_found", "Saved destination not found.");

function view(row: SavedDestinationRow): SavedDestination {
  return { id: row.id, name: row.name, type: row.type, server: row.server, maskedKey: row.maskedKey, maskedUrl: row.maskedUrl, createdAt: row.createdAt, updatedAt: row.updatedAt };
}

/** The settings a destination of `type` keeps as its server: what buildDestination reads. */
function serverOptions(type: SavedDestinationRow["type"], server: string | null) {
  if (type === "custom") return { customRtmpUrl: server ?? undefined };
  if (type === "twitch") return { twitchIngestServer: server ?? undefined };
  return {};
}

/**
 * The destination as go-live builds it, refused as go-live refuses it: the key's characters,
 * the server's shape, and a host that is not public (the operator's allow-list and resolver).
 * Messages name the field alone: the route's body is one destination.
 */
async function checked(type: SavedDestinationRow["type"], streamKey: string, server: string | null, name: string): Promise<StreamDestination> {
  const built = buildDestination(type, streamKey, { name, ...serverOptions(type, server) });
  const list = "saved";
  try {
    await assertPublicDestinations([built], list);
  } catch (error) {
    if (error instanceof LivestreamError) throw new LivestreamError(error.code, error.message.replace(`${list}[0].`, ""));
    throw error;
  }
  return built;
}

/** The server a destination of `type` keeps from a body: the others' fields are ignored, as go-live ignores them. */
function serverOf(type: SavedDestinationRow["type"], body: Pick<DestinationBody, "customRtmpUrl" | "twitchIngestServer">): string | null {
  if (type === "custom") return body.customRtmpUrl ?? null;
  if (type === "twitch") return body.twitchIngestServer ?? null;
  return null;
}

/** What a row stores of a key: sealed for the row, and masked alone and in its URL. */
function keyColumns(id: string, destination: StreamDestination) {
  return {
    streamKeySealed: seal(destination.streamKey, id, encryptionSecret().secret, PURPOSE),
    maskedKey: maskSecret(destination.streamKey),
    maskedUrl: maskRtmpUrl(destination.rtmpUrl),
  };
}

function openKey(row: Pick<SavedDestinationRow, "id" | "streamKeySealed">): string {
  return open(row.streamKeySealed, row.id, encryptionSecret().secret, PURPOSE, unreadableSavedKeyMessage);
}

const duplicateName = (name: string) => new LivestreamError("conflict", `You already have a saved destination named "${name}". Choose another name, or change that one.`);

/**
 * Creates and renames run under a per-user lock, so the cap and the (case-insensitive) name
 * check see every other write of the user's (the unique index is the backstop).
 */
async function lockedForUser<T>(userId: string, body: (tx: Tx) => Promise<T>): Promise<T> {
  const db = await getDb();
  return db.transaction(async (tx) => {
    // Key space of its own ("golive:saved:" + user): no other lock of the app collides with it.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`golive:saved:${userId}`}, 0))`);
    return body(tx);
  });
}

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];

async function nameTaken(tx: Tx, userId: string, name: string, except?: string): Promise<boolean> {
  const rows = await tx
    .select({ id: savedDestinations.id })
    .from(savedDestinations)
    .where(and(eq(savedDestinations.userId, userId), sql`lower(${savedDestinations.name}) = lower(${name})`));
  return rows.some((r) => r.id !== except);
}

/** The caller's saved destinations, by name: read through saved_destinations_user_name_idx (its order), bounded by the cap (tests/integration/list-plans.test.ts). */
export function listSavedDestinationsQuery(db: Database, userId: string) {
  return db
    .select()
    .from(savedDestinations)
    .where(eq(savedDestinations.userId, userId))
    .orderBy(sql`lower(${savedDestinations.name})`)
    .limit(MAX_SAVED_DESTINATIONS);
}

export async function listSavedDestinations(userId: string): Promise<SavedDestination[]> {
  const db = await getDb();
  return (await listSavedDestinationsQuery(db, userId)).map(view);
}

/** Saves a destination for the caller: 409 past MAX_SAVED_DESTINATIONS or for a name they already use. */
export async function createSavedDestination(input: CreateInput, userId: string): Promise<SavedDestination> {
  const server = serverOf(input.type, input);
  const destination = await checked(input.type, input.streamKey, server, input.name);
  const id = randomUUID();
  return lockedForUser(userId, async (tx) => {
    const [held] = await tx.select({ n: count() }).from(savedDestinations).where(eq(savedDestinations.userId, userId));
    if ((held?.n ?? 0) >= MAX_SAVED_DESTINATIONS) {
      throw new LivestreamError("conflict", `You already have ${MAX_SAVED_DESTINATIONS} saved destinations, the most one account may keep: delete one you no longer use, then save this one.`);
    }
    if (await nameTaken(tx, userId, input.name)) throw duplicateName(input.name);
    const [row] = await tx
      .insert(savedDestinations)
      .values({ id, userId, name: input.name, type: input.type, server, ...keyColumns(id, destination) })
      .returning();
    if (!row) throw new Error("insert returned no row");
    return view(row);
  });
}

/** The caller's row, locked for the change; another user's id, or no such id, is 404 alike. */
async function ownRow(tx: Tx, id: string, userId: string): Promise<SavedDestinationRow> {
  if (!uuid.safeParse(id).success) throw notFound();
  const [row] = await tx
    .select()
    .from(savedDestinations)
    .where(and(eq(savedDestinations.id, id), eq(savedDestinations.userId, userId)))
    .for("update");
  if (!row) throw notFound();
  return row;
}

/**
 * Renames a saved destination, moves it to another server of its type, or replaces its key
 * (the sealed key is sealed anew; the old one is gone). Whatever changes, the destination is
 * checked again as a whole, as go-live would check it.
 */
export async function updateSavedDestination(input: UpdateInput, userId: string): Promise<SavedDestination> {
  return lockedForUser(userId, async (tx) => {
    const row = await ownRow(tx, input.id, userId);
    if (input.customRtmpUrl !== undefined && row.type !== "custom") throw badRequest(`customRtmpUrl is only for custom destinations; this one is ${row.type}.`);
    if (input.twitchIngestServer !== undefined && row.type !== "twitch") throw badRequest(`twitchIngestServer is only for Twitch destinations; this one is ${row.type}.`);
    const name = input.name ?? row.name;
    const server = row.type === "custom" ? (input.customRtmpUrl ?? row.server) : row.type === "twitch" ? (input.twitchIngestServer === undefined ? row.server : input.twitchIngestServer) : null;
    const destination = await checked(row.type, input.streamKey ?? openKey(row), server, name);
    if (input.name !== undefined && (await nameTaken(tx, userId, name, row.id))) throw duplicateName(name);
    const [updated] = await tx
      .update(savedDestinations)
      .set({ name, server, ...keyColumns(row.id, destination), updatedAt: new Date() })
      .where(eq(savedDestinations.id, row.id))
      .returning();
    if (!updated) throw notFound();
    return view(updated);
  });
}

/**
 * Deletes a saved destination, its sealed key with it. A live broadcast that used it goes on:
 * its row holds a sealed copy of its own (docs/architecture.md, "Saved destinations").
 */
export async function deleteSavedDestination(id: string, userId: string): Promise<SavedDestination> {
  if (!uuid.safeParse(id).success) throw notFound();
  const db = await getDb();
  const [deleted] = await db
    .delete(savedDestinations)
    .where(and(eq(savedDestinations.id, id), eq(savedDestinations.userId, userId)))
    .returning();
  if (!deleted) throw notFound();
  return view(deleted);
}

/**
 * A body's destinations with each `{ savedDestinationId }` replaced by the caller's saved
 * destination, unsealed: what the planner would get had they pasted it, in the same place of
 * the list, so its messages (a repeated destination, the one-protocol rule) name the same index.
 * Another user's id, or none, is 404 naming the index. `field` names the list in messages.
 */
export async function resolveSavedDestinations(
  inputs: readonly (DestinationBody | SavedDestinationRef)[] | undefined,
  userId: string,
  field = "additionalDestinations",
): Promise<(DestinationBody | StreamDestination)[] | undefined> {
  if (inputs === undefined) return undefined;
  const ids = inputs.flatMap((input) => ("savedDestinationId" in input ? [input.savedDestinationId] : []));
  if (ids.length === 0) return inputs.filter((input): input is DestinationBody => !("savedDestinationId" in input));
  const valid = ids.filter((id) => uuid.safeParse(id).success);
  const db = await getDb();
  const rows = valid.length === 0 ? [] : await db.select().from(savedDestinations).where(and(eq(savedDestinations.userId, userId), inArray(savedDestinations.id, valid)));
  const byId = new Map(rows.map((row) => [row.id, row]));
  return inputs.map((input, index) => {
    if (!("savedDestinationId" in input)) return input;
    const row = byId.get(input.savedDestinationId);
    if (!row) throw new LivestreamError("not_found", `${field}[${index}].savedDestinationId: saved destination not found.`);
    return buildDestination(row.type, openKey(row), { name: row.name, ...serverOptions(row.type, row.server) });
  });
}
