// Rooms that belong to someone: owners, members with a role (host, guest, viewer), invites and
// removals (docs/architecture.md, "Rooms and roles").
import { sql } from "drizzle-orm";
import { type AnyPgColumn, boolean, check, index, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { goliveSchema } from "./golive-schema";

import { type RoomRole, roomRoles } from "../../contract";

export { roomRoles, type RoomRole };

const roleCheck = (name: string, column: string) =>
  check(name, sql.raw(`${column} in (${roomRoles.map((r) => `'${r}'`).join(", ")})`));

export const rooms = goliveSchema.table(
  "rooms",
  {
    /** The LiveKit room name. Unique: claiming a name is one insert that only one user wins. */
    name: text("name").primaryKey(),
    ownerId: text("owner_id").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    /** A room setting: guests join on stage (composed by the template) instead of backstage (rooms/stage.ts). */
    guestsJoinOnStage: boolean("guests_join_on_stage").notNull().default(false),
  },
  // The rooms a user owns: the broadcast list walks each (livestream/list-query.ts), and the
  // rule's "owner of its room" looks them up (rooms/broadcast-policy.ts), without reading every room.
  (t) => [index("rooms_owner_idx").on(t.ownerId)],
);

export const roomMembers = goliveSchema.table(
  "room_members",
  {
    roomName: text("room_name")
      .notNull()
      .references(() => rooms.name, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    role: text("role", { enum: roomRoles }).notNull(),
    /**
     * The invite that gave them their current role (null: the owner, or a member from before
     * this was kept): "remove and revoke their link" revokes it.
     */
    inviteId: uuid("invite_id").references((): AnyPgColumn => roomInvites.id, { onDelete: "set null" }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.roomName, t.userId] }),
    roleCheck("room_members_role_check", "role"),
    // "Rooms I belong to", newest first (room name breaks ties: rooms/rooms.ts listRooms).
    index("room_members_user_idx").on(t.userId, t.createdAt.desc(), t.roomName.desc()),
  ],
);

/**
 * Invite links. The link carries the id and an HMAC of it (so ids can't be guessed or
 * forged); the row says which role it grants, until when, and whether it was revoked.
 * A link is reusable by any signed-in user until it expires or is revoked.
 */
export const roomInvites = goliveSchema.table(
  "room_invites",
  {
    id: uuid("id").primaryKey().defaultRandom(),
    roomName: text("room_name")
      .notNull()
      .references(() => rooms.name, { onDelete: "cascade" }),
    role: text("role", { enum: roomRoles }).notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    roleCheck("room_invites_role_check", "role"),
    // A room's invites, newest first, id breaking ties (rooms/invites.ts listInvitesQueries)…
    index("room_invites_room_idx").on(t.roomName, t.createdAt.desc(), t.id.desc()),
    // …and its working ones, unrevoked and not yet expired: a range, however many have ended.
    index("room_invites_working_idx").on(t.roomName, t.expiresAt).where(sql`${t.revokedAt} is null`),
  ],
);

/**
 * Who the owner removed from a room, and when (the latest removal). A removed user comes back
 * only through an invite made after `removedAt`: the link they joined with no longer lets them
 * in (docs/architecture.md, "Rooms and roles").
 */
export const roomRemovals = goliveSchema.table(
  "room_removals",
  {
    roomName: text("room_name")
      .notNull()
      .references(() => rooms.name, { onDelete: "cascade" }),
    userId: text("user_id").notNull(),
    removedAt: timestamp("removed_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.roomName, t.userId] })],
);

export type Room = typeof rooms.$inferSelect;
export type RoomMember = typeof roomMembers.$inferSelect;
export type RoomInvite = typeof roomInvites.$inferSelect;
