// Server-action bodies for rooms, members and invite links: the /api/rooms routes' service calls,
// as the request's signed-in user (docs/ui.md, "Embedding: server actions, hook, components").
import type { z } from "zod";
import {
  acceptInviteBodySchema,
  createInviteBodySchema,
  createRoomBodySchema,
  letBackInBodySchema,
  parseOrBadRequest,
  removeMemberBodySchema,
  revokeInviteBodySchema,
  roomNameSchema,
  setShowBodySchema,
  type Show,
} from "../contract";
import { type MemberRemoval, removeMember } from "../removal";
import {
  acceptInvite,
  createInvite,
  createRoom,
  type InviteView,
  letBackIn,
  listInvites,
  listMembers,
  listRemovals,
  listRooms,
  type RemovalView,
  revokeInvite,
  roleIn,
  type RoomAccess,
  type RoomMemberView,
  type RoomSummary,
  setShow,
} from "../rooms";
import type { ActionResult, AsUser } from "./action-result";

export function roomActions(asUser: AsUser) {
  return {
    /** Claims a room name for you, or answers your role if you already belong to it (conflict: someone else's). */
    claimRoom(input: z.input<typeof createRoomBodySchema>): Promise<ActionResult<RoomAccess>> {
      return asUser(async (user) => (await createRoom(parseOrBadRequest(createRoomBodySchema, input).name, user.id)).access, [input]);
    },

    myRooms(): Promise<ActionResult<RoomSummary[]>> {
      return asUser((user) => listRooms(user.id), []);
    },

    /**
     * A new invite link to a room you own. `path` is the app-relative link (`/invite/<token>`);
     * the token is a secret of the room: it is answered only here, never listed.
     */
    createRoomInvite(input: z.input<typeof createInviteBodySchema>): Promise<ActionResult<{ invite: InviteView; path: string }>> {
      return asUser(async (user) => {
        const { room, role, expiresInHours } = parseOrBadRequest(createInviteBodySchema, input);
        const { token, ...invite } = await createInvite(room, user.id, { role, expiresInHours });
        return { invite, path: `/invite/${encodeURIComponent(token)}` };
      }, [input]);
    },

    roomInvites(room: string): Promise<ActionResult<InviteView[]>> {
      return asUser((user) => listInvites(parseOrBadRequest(roomNameSchema, room), user.id), [room]);
    },

    revokeRoomInvite(input: z.input<typeof revokeInviteBodySchema>): Promise<ActionResult<InviteView>> {
      return asUser((user) => revokeInvite(parseOrBadRequest(revokeInviteBodySchema, input).inviteId, user.id), [input]);
    },

    roomMembers(room: string): Promise<ActionResult<RoomMemberView[]>> {
      return asUser((user) => listMembers(parseOrBadRequest(roomNameSchema, room), user.id), [room]);
    },

    /** Removes a member: their broadcast there ends, they leave the LiveKit room, their share links are revoked (and their invite, with `revokeInvite`). */
    removeRoomMember(input: z.input<typeof removeMemberBodySchema>): Promise<ActionResult<MemberRemoval>> {
      return asUser(async (user) => {
        const { room, userId, revokeInvite } = parseOrBadRequest(removeMemberBodySchema, input);
        return removeMember(room, user.id, userId, { revokeInvite });
      }, [input]);
    },

    /** The people removed from a room you own who haven't come back. */
    roomRemovals(room: string): Promise<ActionResult<RemovalView[]>> {
      return asUser((user) => listRemovals(parseOrBadRequest(roomNameSchema, room), user.id), [room]);
    },

    /** Let a removed person back in: the invite they joined with works again if it still works. */
    letRemovedBackIn(input: z.input<typeof letBackInBodySchema>): Promise<ActionResult<RemovalView>> {
      return asUser(async (user) => {
        const { room, userId } = parseOrBadRequest(letBackInBodySchema, input);
        return letBackIn(room, user.id, userId);
      }, [input]);
    },

    /** Your role in a room now, or null when you have none (never a member, or removed): the studio asks it when a broadcast disappears. */
    myRoleIn(room: string): Promise<ActionResult<RoomAccess | null>> {
      return asUser(async (user) => {
        const access = await roleIn(parseOrBadRequest(roomNameSchema, room), user.id);
        return access === "unowned" ? null : access;
      }, [room]);
    },

    /** Sets a room's show (contract/show.ts) as its owner or a host: LiveKit's room metadata, at once. */
    setRoomShow(input: z.input<typeof setShowBodySchema>): Promise<ActionResult<Show>> {
      return asUser(async (user) => {
        const { room, show } = parseOrBadRequest(setShowBodySchema, input);
        return setShow(room, user.id, show);
      }, [input]);
    },

    acceptRoomInvite(input: z.input<typeof acceptInviteBodySchema>): Promise<ActionResult<RoomAccess>> {
      return asUser((user) => acceptInvite(parseOrBadRequest(acceptInviteBodySchema, input).token, user.id), [input]);
    },
  };
}
