// The answers the contract (packages/golive/src/contract) has no schema for yet, for tests to
// read with parseBody (scripts/lib/harness/test-app.ts). Each is checked against the type the
// package returns, so it can't drift from the server; they belong in the contract, beside
// startLivestreamResultSchema and the rest.
import type { reconcile } from "@golive/next/reconcile";
import type { InviteView, RoomAccess, RoomMemberView, RoomSummary } from "@golive/next/rooms";
import { livestreamStatuses, roomRoles, type ShareLink } from "@golive/next/contract";
import { z } from "zod";

/** As the contract's: JSON carries ISO strings, parsing gives `Date`s. */
const isoDate = z.codec(z.iso.datetime(), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});
const role = z.enum(roomRoles);
const linkState = z.enum(["active", "expired", "revoked"]);

// ── Rooms ───────────────────────────────────────────────────────────────────────────────

/** POST /api/rooms and POST /api/rooms/invites/accept. */
const roomAccessSchema = z.object({ room: z.string(), role, owner: z.boolean() }) satisfies z.ZodType<RoomAccess>;
const roomSummarySchema = roomAccessSchema.extend({ createdAt: isoDate }) satisfies z.ZodType<RoomSummary>;
/** GET /api/rooms. */
export const listRoomsResultSchema = z.object({ rooms: z.array(roomSummarySchema) });

/** GET /api/livekit/token. */
export const livekitTokenResultSchema = z.object({ token: z.string(), serverUrl: z.string(), identity: z.string(), room: z.string(), role });

const inviteSchema = z.object({
  id: z.string(),
  room: z.string(),
  role,
  createdAt: isoDate,
  expiresAt: isoDate,
  revokedAt: isoDate.nullable(),
  state: linkState,
}) satisfies z.ZodType<InviteView>;
/** 201 of POST /api/rooms/invites: `url` (with its token) is answered only here. */
export const createdInviteSchema = z.object({ invite: inviteSchema, url: z.string() });
/** GET /api/rooms/invites. */
export const listInvitesResultSchema = z.object({ invites: z.array(inviteSchema) });

const memberSchema = z.object({
  userId: z.string(),
  name: z.string(),
  role,
  owner: z.boolean(),
  joinedAt: isoDate,
  inviteId: z.string().nullable(),
  liveLivestreamId: z.string().nullable(),
}) satisfies z.ZodType<RoomMemberView>;
/** GET /api/rooms/members. */
export const listMembersResultSchema = z.object({ members: z.array(memberSchema) });

// ── Share links ─────────────────────────────────────────────────────────────────────────

// The contract has shareLinkSchema and createdShareLinkSchema, but its entry doesn't export them.
const shareLinkSchema = z.object({
  id: z.string(),
  livestreamId: z.string(),
  createdAt: isoDate,
  expiresAt: isoDate,
  revokedAt: isoDate.nullable(),
  state: linkState,
}) satisfies z.ZodType<ShareLink>;
/** 201 of POST /api/video/livestream/share-links. */
export const createdShareLinkSchema = z.object({ link: shareLinkSchema, url: z.string() });
/** GET /api/video/livestream/share-links. */
export const listShareLinksResultSchema = z.object({ links: z.array(shareLinkSchema) });

// ── Reconcile ───────────────────────────────────────────────────────────────────────────

/** 200 of POST/GET /api/video/livestream/reconcile: the run's report. */
export const reconcileReportSchema = z.object({
  examined: z.number(),
  pages: z.number(),
  outOfTime: z.boolean(),
  ended: z.array(z.object({ id: z.string(), status: z.enum(livestreamStatuses) })),
  muxStreamsDeleted: z.array(z.string()),
  egressesStopped: z.array(z.string()),
  pool: z.object({ made: z.number(), deleted: z.array(z.string()), forgotten: z.number() }),
  errors: z.number(),
}) satisfies z.ZodType<Awaited<ReturnType<typeof reconcile>>>;
