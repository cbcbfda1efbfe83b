// POST /api/rooms/invites/accept (docs/reference/api.md; docs/architecture.md, "Rooms and roles").
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/api/route";
import { acceptInviteBodySchema } from "@golive/next/contract";
import { acceptInvite } from "@golive/next/rooms";

/** Accept an invite link's token: { room, role, owner }. Invalid, expired or revoked → 404. */
export const POST = withSession(async (request, user) => {
  const { token } = await readJson(request, acceptInviteBodySchema);
  return NextResponse.json(await acceptInvite(token, user.id));
});
