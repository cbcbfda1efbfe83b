// The default watch rule (packages/golive/src/watch/policy.ts), case by case: who may watch a private
// broadcast under LIVESTREAM_PRIVATE_WATCHERS=members (the default) and =signed-in.
import { describe, expect, test } from "vitest";
import type { RoomRole } from "@golive/next/contract";
import { mayWatch, type PrivateWatchers, type WatchedBroadcast } from "@golive/next/watch";

const broadcast: WatchedBroadcast = { livestreamId: "ls-1", visibility: "private", starterId: "starter", roomOwnerId: "owner" };

type Case = [name: string, viewer: { userId: string | null; roomRole?: RoomRole; shared?: string }, members: boolean, signedIn: boolean];

const cases: Case[] = [
  ["nobody signed in, no link", { userId: null }, false, false],
  ["a working share link of this broadcast, no account", { userId: null, shared: "ls-1" }, true, true],
  ["a share link of another broadcast", { userId: null, shared: "ls-2" }, false, false],
  ["a stranger with an account", { userId: "stranger" }, false, true],
  ["a stranger with an account and a link of another broadcast", { userId: "stranger", shared: "ls-2" }, false, true],
  ["a stranger with an account and this broadcast's link", { userId: "stranger", shared: "ls-1" }, true, true],
  ["the room's owner", { userId: "owner", roomRole: "host" }, true, true],
  ["the room's owner, even without a member row", { userId: "owner" }, true, true],
  ["a host of the room", { userId: "h", roomRole: "host" }, true, true],
  ["a guest of the room", { userId: "g", roomRole: "guest" }, true, true],
  ["a viewer of the room", { userId: "v", roomRole: "viewer" }, true, true],
  ["the starter while still a member", { userId: "starter", roomRole: "host" }, true, true],
  ["the starter once removed from the room", { userId: "starter" }, false, true],
];

describe.each<[PrivateWatchers, 2 | 3]>([
  ["members", 2],
  ["signed-in", 3],
])("LIVESTREAM_PRIVATE_WATCHERS=%s", (setting, column) => {
  test.each(cases)("%s", (...c) => {
    const [, viewer] = c;
    const allowed = c[column];
    expect(mayWatch(broadcast, { userId: viewer.userId, roomRole: viewer.roomRole ?? null, sharedLivestreamId: viewer.shared ?? null }, setting)).toBe(allowed);
  });
});

describe("whatever the setting", () => {
  test.each<PrivateWatchers>(["members", "signed-in"])("%s: a public broadcast plays for anyone", (setting) => {
    expect(mayWatch({ ...broadcast, visibility: "public" }, { userId: null, roomRole: null, sharedLivestreamId: null }, setting)).toBe(true);
  });

  test("members is the default", () => {
    expect(mayWatch(broadcast, { userId: "stranger", roomRole: null, sharedLivestreamId: null })).toBe(false);
  });

  test("a broadcast whose room has no owner on record: its starter, and nobody else signed in", () => {
    const legacy = { ...broadcast, roomOwnerId: null };
    expect(mayWatch(legacy, { userId: "starter", roomRole: null, sharedLivestreamId: null })).toBe(true);
    expect(mayWatch(legacy, { userId: "stranger", roomRole: null, sharedLivestreamId: null })).toBe(false);
    expect(mayWatch(legacy, { userId: null, roomRole: null, sharedLivestreamId: "ls-1" })).toBe(true);
  });
});
