// /api/rooms, its invites, members and removals (docs/reference/api.md; docs/architecture.md,
// "Rooms and roles").
import {
  acceptInviteBodySchema,
  createInviteBodySchema,
  createRoomBodySchema,
  letBackInBodySchema,
  removeMemberBodySchema,
  revokeInviteBodySchema,
  roomQuerySchema,
  setShowBodySchema,
} from "../contract";
import { removeMember } from "../removal";
import { acceptInvite, createInvite, createRoom, isRoomLive, letBackIn, listInvites, listMembers, listRemovals, listRooms, revokeInvite, setShow } from "../rooms";
import { readJson, readQuery } from "./body";
import { withSession } from "./session";
import { linkUrl, type SessionHost } from "./session-host";

export function roomRoutes(session: SessionHost) {
  return {
    /** Claim a room name: 201 when it is now yours, 200 when you already belong to it, 409 when someone else owns it. */
    POST: withSession(session, async (request, user) => {
      const { name } = await readJson(request, createRoomBodySchema);
      const { created, access } = await createRoom(name, user.id);
      return Response.json(access, { status: created ? 201 : 200 });
    }),
    /** The rooms you own or belong to: { rooms: [{ room, role, owner, createdAt }] }. */
    GET: withSession(session, async (_request, user) => Response.json({ rooms: await listRooms(user.id) })),
  };
}

export function roomLiveRoutes(session: SessionHost) {
  return {
    /** Whether the room is on air, for any member: { room, live }; a stranger or a removed member → 404. */
    GET: withSession(session, async (request, user) => {
      const { room } = readQuery(request, roomQuerySchema);
      return Response.json({ room, live: await isRoomLive(room, user.id) });
    }),
  };
}

export function inviteRoutes(session: SessionHost) {
  return {
    /**
     * A new invite link to a room you own: 201 { invite, url }. The link (its signed token) is
     * answered only here; the list shows invites without it.
     */
    POST: withSession(session, async (request, user) => {
      const { room, role, expiresInHours } = await readJson(request, createInviteBodySchema);
      const { token, ...invite } = await createInvite(room, user.id, { role, expiresInHours });
      const url = linkUrl(session, `/invite/${encodeURIComponent(token)}`, request);
      return Response.json({ invite, url }, { status: 201, headers: { "cache-control": "no-store" } });
    }),
    /** The invites of a room you own: { invites: [{ id, room, role, createdAt, expiresAt, revokedAt, state }] }. */
    GET: withSession(session, async (request, user) => {
      const { room } = readQuery(request, roomQuerySchema);
      return Response.json({ invites: await listInvites(room, user.id) });
    }),
    /** Revoke an invite: { invite }. The link stops working at once. */
    DELETE: withSession(session, async (request, user) => {
      const { inviteId } = await readJson(request, revokeInviteBodySchema);
      return Response.json({ invite: await revokeInvite(inviteId, user.id) });
    }),
  };
}

export function acceptInviteRoutes(session: SessionHost) {
  return {
    /** Accept an invite link's token: { room, role, owner }. Invalid, expired or revoked → 404. */
    POST: withSession(session, async (request, user) => {
      const { token } = await readJson(request, acceptInviteBodySchema);
      return Response.json(await acceptInvite(token, user.id));
    }),
  };
}

export function memberRoutes(session: SessionHost) {
  return {
    /** The members of a room you own: { members: [{ userId, name, role, owner, joinedAt, inviteId, liveLivestreamId }] }. */
    GET: withSession(session, async (request, user) => {
      const { room } = readQuery(request, roomQuerySchema);
      return Response.json({ members: await listMembers(room, user.id) });
    }),
    /**
     * Remove a member from a room you own ({ room, userId, revokeInvite? }): their live broadcast
     * there ends, LiveKit takes them out of the room, their share links are revoked, and only an
     * invite made after now lets them back. { removed, stoppedLivestreamId, revokedShareLinks,
     * revokedInviteId, problems }.
     */
    DELETE: withSession(session, async (request, user) => {
      const { room, userId, revokeInvite } = await readJson(request, removeMemberBodySchema);
      return Response.json(await removeMember(room, user.id, userId, { revokeInvite }));
    }),
  };
}

export function removalRoutes(session: SessionHost) {
  return {
    /** The people removed from a room you own who haven't come back: { removals: [{ userId, name, removedAt }] }. */
    GET: withSession(session, async (request, user) => {
      const { room } = readQuery(request, roomQuerySchema);
      return Response.json({ removals: await listRemovals(room, user.id) });
    }),
    /** Let a removed person back in ({ room, userId }): the invite they joined with works again if it still works. { removal }. */
    DELETE: withSession(session, async (request, user) => {
      const { room, userId } = await readJson(request, letBackInBodySchema);
      return Response.json({ removal: await letBackIn(room, user.id, userId) });
    }),
  };
}

export function showRoutes(session: SessionHost) {
  return {
    /**
     * Set a room's show ({ room, show }: contract/show.ts), as its owner or a host: LiveKit's
     * room metadata is replaced at once, and templates in the room redraw. { show }.
     */
    PUT: withSession(session, async (request, user) => {
      const { room, show } = await readJson(request, setShowBodySchema);
      return Response.json({ show: await setShow(room, user.id, show) });
    }),
  };
}
