// /api/rooms/members: list and remove members (docs/reference/api.md; docs/architecture.md, "Rooms and roles").
import { NextResponse } from "next/server";
import { readJson, readQuery, withSession } from "@/lib/api/route";
import { removeMemberBodySchema, roomQuerySchema } from "@golive/next/contract";
import { removeMember } from "@golive/next/removal";
import { listMembers } from "@golive/next/rooms";

/** The members of a room you own: { members: [{ userId, name, role, owner, joinedAt, inviteId, liveLivestreamId }] }. */
export const GET = withSession(async (request, user) => {
  const { room } = readQuery(request, roomQuerySchema);
  return NextResponse.json({ members: await listMembers(room, user.id) });
});

/**
 * Remove a member from a room you own ({ room, userId, revokeInvite? }): their live broadcast
 * there ends, LiveKit takes them out of the room, their share links are revoked, and only an
 * invite made after now lets them back. { removed, stoppedLivestreamId, revokedShareLinks,
 * revokedInviteId, problems }.
 */
export const DELETE = withSession(async (request, user) => {
  const { room, userId, revokeInvite } = await readJson(request, removeMemberBodySchema);
  return NextResponse.json(await removeMember(room, user.id, userId, { revokeInvite }));
});
