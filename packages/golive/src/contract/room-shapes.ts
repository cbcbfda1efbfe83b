// The rooms API's answers, owned once like the livestream ones in shapes.ts: the service types
// its results from them and clients parse answers with them (docs/reference/api.md).
import "./zod-jitless"; // first, as in every schema module the browser runs
import { z } from "zod";
import { isoDate, linkStateSchema } from "./codecs";
import { roomRoles } from "./room-roles";

const role = z.enum(roomRoles);

/** The caller's place in a room: POST /api/rooms and POST /api/rooms/invites/accept. */
export const roomAccessSchema = z.object({ room: z.string(), role, owner: z.boolean() });
export const roomSummarySchema = roomAccessSchema.extend({ createdAt: isoDate });
/** GET /api/rooms: the rooms the caller owns or belongs to. */
export const listRoomsResultSchema = z.object({ rooms: z.array(roomSummarySchema) });

/**
 * GET /api/rooms/live: whether the room's broadcast is on air (MUX has its media), for any
 * member; nothing else of it (no ids, no keys), so a guest learns only what their cue needs.
 */
export const roomLiveResultSchema = z.object({ room: z.string(), live: z.boolean() });
export type RoomLiveResult = z.output<typeof roomLiveResultSchema>;

/** GET /api/livekit/token: a join token for the caller's role in the room. */
export const livekitTokenResultSchema = z.object({ token: z.string(), serverUrl: z.string(), identity: z.string(), room: z.string(), role });

/** An invite as its room's owner lists it: never its token. */
export const inviteViewSchema = z.object({
  id: z.string(),
  room: z.string(),
  role,
  createdAt: isoDate,
  expiresAt: isoDate,
  revokedAt: isoDate.nullable(),
  state: linkStateSchema,
});
/** 201 of POST /api/rooms/invites: `url` (with its token) is answered only here. */
export const createdInviteSchema = z.object({ invite: inviteViewSchema, url: z.string() });
/** GET /api/rooms/invites. */
export const listInvitesResultSchema = z.object({ invites: z.array(inviteViewSchema) });

/** A member of a room as its owner sees them. */
export const roomMemberViewSchema = z.object({
  userId: z.string(),
  name: z.string(),
  role,
  owner: z.boolean(),
  joinedAt: isoDate,
  /** The invite that gave them their role (null: the owner, or joined before golive kept it). */
  inviteId: z.string().nullable(),
  /** Their broadcast in this room that is starting, live or stopping, if any. */
  liveLivestreamId: z.string().nullable(),
});
/** GET /api/rooms/members. */
export const listMembersResultSchema = z.object({ members: z.array(roomMemberViewSchema) });

export type RoomAccess = z.output<typeof roomAccessSchema>;
export type RoomSummary = z.output<typeof roomSummarySchema>;
export type InviteView = z.output<typeof inviteViewSchema>;
export type RoomMemberView = z.output<typeof roomMemberViewSchema>;
