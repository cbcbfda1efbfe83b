"use server";
// Server actions for rooms, members and invite links: golive's action bodies for this host
// (src/lib/golive.ts; docs/ui.md, "Embedding: server actions, hook, components").
import { golive } from "../../lib/golive";

type Actions = typeof golive.actions;
type Input<K extends keyof Actions> = Parameters<Actions[K]>[0];

/** Claims a room name for you, or answers your role if you already belong to it (conflict: someone else's). */
export async function claimRoom(input: Input<"claimRoom">): ReturnType<Actions["claimRoom"]> {
  return golive.actions.claimRoom(input);
}

export async function myRooms(): ReturnType<Actions["myRooms"]> {
  return golive.actions.myRooms();
}

/** A new invite link to a room you own; `path` is the app-relative link, answered only here. */
export async function createRoomInvite(input: Input<"createRoomInvite">): ReturnType<Actions["createRoomInvite"]> {
  return golive.actions.createRoomInvite(input);
}

export async function roomInvites(room: string): ReturnType<Actions["roomInvites"]> {
  return golive.actions.roomInvites(room);
}

export async function revokeRoomInvite(input: Input<"revokeRoomInvite">): ReturnType<Actions["revokeRoomInvite"]> {
  return golive.actions.revokeRoomInvite(input);
}

export async function roomMembers(room: string): ReturnType<Actions["roomMembers"]> {
  return golive.actions.roomMembers(room);
}

/** Removes a member: their broadcast there ends, they leave the LiveKit room, their share links are revoked. */
export async function removeRoomMember(input: Input<"removeRoomMember">): ReturnType<Actions["removeRoomMember"]> {
  return golive.actions.removeRoomMember(input);
}

/** The people removed from a room you own who haven't come back. */
export async function roomRemovals(room: string): ReturnType<Actions["roomRemovals"]> {
  return golive.actions.roomRemovals(room);
}

/** Let a removed person back in: the invite they joined with works again if it still works. */
export async function letRemovedBackIn(input: Input<"letRemovedBackIn">): ReturnType<Actions["letRemovedBackIn"]> {
  return golive.actions.letRemovedBackIn(input);
}

/** Your role in a room now, or null when you have none: the studio asks it when a broadcast disappears. */
export async function myRoleIn(room: string): ReturnType<Actions["myRoleIn"]> {
  return golive.actions.myRoleIn(room);
}

export async function acceptRoomInvite(input: Input<"acceptRoomInvite">): ReturnType<Actions["acceptRoomInvite"]> {
  return golive.actions.acceptRoomInvite(input);
}

/** Sets a room's show as its owner or a host: LiveKit's room metadata, at once. */
export async function setRoomShow(input: Input<"setRoomShow">): ReturnType<Actions["setRoomShow"]> {
  return golive.actions.setRoomShow(input);
}

/** Who is in a room you belong to and who of them is on stage. */
export async function roomStage(room: string): ReturnType<Actions["roomStage"]> {
  return golive.actions.roomStage(room);
}

/** Puts a participant on or off stage, as the owner or a host: LiveKit's UpdateParticipant, at once. */
export async function setOnStage(input: Input<"setOnStage">): ReturnType<Actions["setOnStage"]> {
  return golive.actions.setOnStage(input);
}

/** Whether guests join the room on stage (a room setting), as the owner or a host. */
export async function setGuestsJoinOnStage(input: Input<"setGuestsJoinOnStage">): ReturnType<Actions["setGuestsJoinOnStage"]> {
  return golive.actions.setGuestsJoinOnStage(input);
}
