import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/api/route";
import { acceptInviteBodySchema } from "@/lib/video/room-schemas";
import { acceptInvite } from "@/lib/video/rooms";

/** Accept an invite link's token: { room, role, owner }. Invalid, expired or revoked → 404. */
export const POST = withSession(async (request, user) => {
  const { token } = await readJson(request, acceptInviteBodySchema);
  return NextResponse.json(await acceptInvite(token, user.id));
});
