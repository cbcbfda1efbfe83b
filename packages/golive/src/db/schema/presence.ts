// Who is in which LiveKit room, as LiveKit's presence webhooks said: one row per (room name,
// identity) with the newest session heard of and whether it left (docs/architecture.md, "Presence";
// the ordering rule is in rooms/presence.ts).
import { index, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { goliveSchema } from "./golive-schema";

export const roomPresence = goliveSchema.table(
  "room_presence",
  {
    roomName: text("room_name").notNull(),
    /** The LiveKit identity: golive's user id. */
    identity: text("identity").notNull(),
    /** The room instance (LiveKit makes a new sid each time a room with this name is created). */
    roomSid: text("room_sid").notNull(),
    /** The session's participant sid. */
    participantSid: text("participant_sid").notNull(),
    /** When the session joined, LiveKit's `ParticipantInfo.joined_at_ms` (or `joined_at` × 1000). */
    joinedAt: timestamp("joined_at", { withTimezone: true, precision: 3 }).notNull(),
    /** Set once the session left (`participant_left`, or `room_finished` of its room); null = present. */
    leftAt: timestamp("left_at", { withTimezone: true }),
    /** When an event last changed the row (our clock). */
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.roomName, t.identity] }),
    // Reconcile prunes rows whose session is older than anyone trusts.
    index("room_presence_joined_idx").on(t.joinedAt),
  ],
);

export type RoomPresence = typeof roomPresence.$inferSelect;
