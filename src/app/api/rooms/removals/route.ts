// /api/rooms/removals: list removed people and let them back in (docs/reference/api.md).
import { NextResponse } from "next/server";
import { readJson, readQuery, withSession } from "@/lib/api/route";
import { letBackInBodySchema, roomQuerySchema } from "@golive/next/contract";
import { letBackIn, listRemovals } from "@golive/next/rooms";

/** The people removed from a room you own who haven't come back: { removals: [{ userId, name, removedAt }] }. */
export const GET = withSession(async (request, user) => {
  const { room } = readQuery(request, roomQuerySchema);
  return NextResponse.json({ removals: await listRemovals(room, user.id) });
});

/** Let a removed person back in ({ room, userId }): the invite they joined with works again if it still works. { removal }. */
export const DELETE = withSession(async (request, user) => {
  const { room, userId } = await readJson(request, letBackInBodySchema);
  return NextResponse.json({ removal: await letBackIn(room, user.id, userId) });
});
