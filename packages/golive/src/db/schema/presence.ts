// Who is in which LiveKit room, as LiveKit's presence webhooks said (docs/architecture.md,
// "Presence"). One row per (room name, identity): the newest participant session LiveKit told
// us about for that identity in that room, and whether that session has left. Go-live trusts a
// recent "present" row instead of asking LiveKit (rooms/go-live-policy.ts); anything else falls back to
// LiveKit's ListParticipants.
//
// A session is (participant sid, joined_at): LiveKit gives every connection its own sid and
// join time, and every event about a participant carries both, so events order by the session
// they name, not by when they arrive (packages/golive/src/rooms/presence.ts has the rule).
import { index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

export const roomPresence = pgTable(
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
