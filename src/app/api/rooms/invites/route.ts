// /api/rooms/invites: make, list and revoke invite links (docs/reference/api.md).
import { NextResponse } from "next/server";
import { readJson, readQuery, withSession } from "@/lib/api/route";
import { authConfig } from "@/lib/env";
import { createInviteBodySchema, revokeInviteBodySchema, roomQuerySchema } from "@golive/next/contract";
import { createInvite, listInvites, revokeInvite } from "@golive/next/rooms";

/**
 * A new invite link to a room you own: 201 { invite, url }. The link (its signed token) is
 * answered only here; the list shows invites without it.
 */
export const POST = withSession(async (request, user) => {
  const { room, role, expiresInHours } = await readJson(request, createInviteBodySchema);
  const { token, ...invite } = await createInvite(room, user.id, { role, expiresInHours });
  // The app's public origin when configured: behind a proxy, request.url is an internal address.
  const url = new URL(`/invite/${encodeURIComponent(token)}`, authConfig().baseURL ?? request.url).toString();
  return NextResponse.json({ invite, url }, { status: 201, headers: { "cache-control": "no-store" } });
});

/** The invites of a room you own: { invites: [{ id, room, role, createdAt, expiresAt, revokedAt, state }] }. */
export const GET = withSession(async (request, user) => {
  const { room } = readQuery(request, roomQuerySchema);
  return NextResponse.json({ invites: await listInvites(room, user.id) });
});

/** Revoke an invite: { invite }. The link stops working at once. */
export const DELETE = withSession(async (request, user) => {
  const { inviteId } = await readJson(request, revokeInviteBodySchema);
  return NextResponse.json({ invite: await revokeInvite(inviteId, user.id) });
});
