import { NextResponse } from "next/server";
import { readJson, readQuery, withSession } from "@/lib/api/route";
import { removeMemberBodySchema, roomQuerySchema } from "@/lib/video/room-schemas";
import { listMembers, removeMember } from "@/lib/video/rooms";

/** The members of a room you own: { members: [{ userId, name, role, owner, joinedAt }] }. */
export const GET = withSession(async (request, user) => {
  const { room } = readQuery(request, roomQuerySchema);
  return NextResponse.json({ members: await listMembers(room, user.id) });
});

/** Remove a member from a room you own: { removed: true }. Their next LiveKit token is refused. */
export const DELETE = withSession(async (request, user) => {
  const { room, userId } = await readJson(request, removeMemberBodySchema);
  await removeMember(room, user.id, userId);
  return NextResponse.json({ removed: true });
});
