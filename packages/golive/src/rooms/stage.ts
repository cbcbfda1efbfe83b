import "server-only";
// Who is on stage: the participant attribute `golive.stage` (contract/stage.ts) that golive's
// composite template composes by. Hosts move people on and off stage through LiveKit's
// UpdateParticipant; a join token starts hosts on stage and guests backstage unless the room's
// setting says otherwise; every member may see who is on (docs/architecture.md, "The composite
// template"; tests/integration/stage.test.ts).
import { eq } from "drizzle-orm";
import { isOnStage, LivestreamError, stageAttributes, type RoomRole, type StageResult } from "../contract";
import { getDb, rooms } from "../db";
import { roomParticipants, updateParticipantAttributes, upstreamFailure } from "../upstream";
import { roleIn, type RoomAccess } from "./rooms";

const notYours = (room: string) =>
  new LivestreamError("not_found", `Room "${room}" not found, or it belongs to someone else: ask its owner for an invite link.`);

const notHost = (room: string) => new LivestreamError("forbidden", `Only a host of room "${room}" can choose who is on stage: ask its owner for a host invite.`);

const notInRoom = (room: string) =>
  new LivestreamError("not_found", `That person is not in room "${room}" right now: they can go on stage once they have joined it.`);

const viewerOnly = (room: string) =>
  new LivestreamError("bad_request", `Viewers of room "${room}" only watch, so they can't go on stage: invite them as a guest instead.`);

async function memberOf(room: string, userId: string): Promise<RoomAccess> {
  const access = await roleIn(room, userId);
  // A stranger learns no more than for any other room they don't belong to.
  if (access === "unowned" || !access) throw notYours(room);
  return access;
}

async function hostOf(room: string, userId: string): Promise<RoomAccess> {
  const access = await memberOf(room, userId);
  if (!access.owner && access.role !== "host") throw notHost(room);
  return access;
}

async function guestsJoinOnStage(room: string): Promise<boolean> {
  const db = await getDb();
  const [row] = await db.select({ on: rooms.guestsJoinOnStage }).from(rooms).where(eq(rooms.name, room)).limit(1);
  return row?.on ?? false;
}

async function stageOf(room: string): Promise<StageResult> {
  let participants;
  try {
    participants = await roomParticipants(room);
  } catch (error) {
    throw upstreamFailure("LiveKit", "Could not list who is in the room", error);
  }
  return {
    room,
    guestsJoinOnStage: await guestsJoinOnStage(room),
    // An egress's browser is a participant too (kind EGRESS, identity its egress id), never a person on stage.
    participants: participants.filter((p) => !p.egress && !p.identity.startsWith("EG_")).map((p) => ({ identity: p.identity, name: p.name || p.identity, onStage: isOnStage(p.attributes) })),
  };
}

/** Who is in `room` and who of them is on stage, for any member. */
export async function listStage(room: string, userId: string): Promise<StageResult> {
  await memberOf(room, userId);
  return stageOf(room);
}

/** Puts `identity` (a member in the room now) on or off stage, as the owner or a host. */
export async function setOnStage(room: string, userId: string, identity: string, onStage: boolean): Promise<StageResult> {
  await hostOf(room, userId);
  const target = await roleIn(room, identity);
  if (target === "unowned" || !target) throw notInRoom(room);
  if (onStage && target.role === "viewer") throw viewerOnly(room);
  let updated: boolean;
  try {
    updated = await updateParticipantAttributes(room, identity, stageAttributes(onStage));
  } catch (error) {
    throw upstreamFailure("LiveKit", "Could not change who is on stage", error);
  }
  if (!updated) throw notInRoom(room);
  return stageOf(room);
}

/** The room setting: whether guests join on stage, as the owner or a host. */
export async function setGuestsJoinOnStage(room: string, userId: string, on: boolean): Promise<StageResult> {
  await hostOf(room, userId);
  const db = await getDb();
  await db.update(rooms).set({ guestsJoinOnStage: on }).where(eq(rooms.name, room));
  return stageOf(room);
}

/** The attributes a join token starts a participant with: hosts on stage, guests as the room says, viewers never. */
export async function joinStageAttributes(room: string, role: RoomRole): Promise<Record<string, string>> {
  const on = role === "host" || (role === "guest" && (await guestsJoinOnStage(room)));
  return on ? stageAttributes(true) : {};
}
