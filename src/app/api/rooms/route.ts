// /api/rooms: claim a room name, list your rooms (docs/reference/api.md).
import { NextResponse } from "next/server";
import { readJson, withSession } from "@/lib/api/route";
import { createRoomBodySchema } from "@golive/next/contract";
import { createRoom, listRooms } from "@golive/next/rooms";

/** Claim a room name: 201 when it is now yours, 200 when you already belong to it, 409 when someone else owns it. */
export const POST = withSession(async (request, user) => {
  const { name } = await readJson(request, createRoomBodySchema);
  const { created, access } = await createRoom(name, user.id);
  return NextResponse.json(access, { status: created ? 201 : 200 });
});

/** The rooms you own or belong to: { rooms: [{ room, role, owner, createdAt }] }. */
export const GET = withSession(async (_request, user) => NextResponse.json({ rooms: await listRooms(user.id) }));
