// GET /api/video/livestream/status, from the database only (docs/reference/api.md).
import { NextResponse } from "next/server";
import { readQuery, withSession } from "@/lib/api/route";
import { getLivestreamStatus, getLivestreamStatusInRoom } from "@golive/next/livestream";
import { statusQuerySchema } from "@golive/next/contract";

/** Status from the database: ?id= (any of yours) or ?roomName= (your live one). */
export const GET = withSession(async (request, user) => {
  const { id, roomName } = readQuery(request, statusQuerySchema);
  const status = id ? await getLivestreamStatus(id, user.id) : await getLivestreamStatusInRoom(roomName ?? "", user.id);
  return NextResponse.json(status);
});
