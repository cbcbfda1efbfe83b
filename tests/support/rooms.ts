// What the room-authority tests share: Alice's invites and their accepts, and Bob live in a
// room of Alice's as an invited host, all through the routes.
import { expect } from "vitest";
import { createdInviteSchema, startLivestreamResultSchema } from "@golive/next/contract";
import { parseBody, type TestUser } from "./test-app";
import type { TestFile } from "./test-file";

type RoomUsers = { alice: string; bob: string; carol: string };

export function roomHelpers(t: TestFile<RoomUsers>, prefix: string) {
  async function invite(room: string, role: "host" | "guest" | "viewer", owner: TestUser = t.alice) {
    const res = await owner.request("POST", "/api/rooms/invites", { room, role });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    const body = parseBody(res, createdInviteSchema);
    return { id: body.invite.id, token: decodeURIComponent(new URL(body.url).pathname.replace("/invite/", "")) };
  }

  const accept = (user: TestUser, token: string) => user.request("POST", "/api/rooms/invites/accept", { token });

  let rooms = 0;
  /** A room name no other test of this file uses. */
  const newRoom = (kind = prefix) => `${kind}-${++rooms}`;

  /** Alice's room, with Bob a host (by invite) and both in the LiveKit room; Bob goes live. */
  async function bobLiveInAlicesRoom(extra: Record<string, unknown> = {}) {
    const room = newRoom();
    expect((await t.alice.request("POST", "/api/rooms", { name: room })).status).toBe(201);
    const hostInvite = await invite(room, "host");
    expect((await accept(t.bob, hostInvite.token)).status).toBe(200);
    t.app.sandbox.control.joinRoom(room, t.alice.id);
    t.app.sandbox.control.joinRoom(room, t.bob.id);
    const res = await t.bob.request("POST", "/api/video/livestream", { roomName: room, ...extra });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    await t.app.sandbox.control.settle();
    return { room, invite: hostInvite, live: parseBody(res, startLivestreamResultSchema) };
  }

  return { invite, accept, bobLiveInAlicesRoom, newRoom };
}

/** A response as the whole answer a test compares: status and body. */
export const answer = (res: { status: number; body: unknown }) => ({ status: res.status, body: res.body });

/** Alice's new room `room`, with Bob a host, Carol a guest and Dave a viewer, each by an accepted invite. */
export async function roomWithEveryRole(t: TestFile<RoomUsers & { dave: string }>, room: string): Promise<void> {
  expect((await t.alice.request("POST", "/api/rooms", { name: room })).status).toBe(201);
  for (const [who, role] of [[t.bob, "host"], [t.carol, "guest"], [t.dave, "viewer"]] as const) {
    const made = await t.alice.request("POST", "/api/rooms/invites", { room, role });
    const token = decodeURIComponent(new URL(parseBody(made, createdInviteSchema).url).pathname.replace("/invite/", ""));
    expect((await who.request("POST", "/api/rooms/invites/accept", { token })).status).toBe(200);
  }
}
