// The request shapes of the /api/rooms routes and the room server actions (docs/architecture.md,
// "Rooms and roles"). Pure zod, so the invite panel uses the same rules.
import "./zod-jitless";
import { z } from "zod";
import { roomRoles } from "./room-roles";
import { idField, roomNameSchema } from "./requests";
import { showSchema } from "./show";

export const INVITE_HOURS = { min: 1, max: 24 * 30, default: 24 * 7 } as const;
const hoursMessage = `expiresInHours must be a whole number of hours from ${INVITE_HOURS.min} to ${INVITE_HOURS.max}.`;

export const roleSchema = z.enum(roomRoles, { error: 'role must be "host", "guest" or "viewer".' });

export const createRoomBodySchema = z.object({ name: roomNameSchema });

export const roomQuerySchema = z.object({ room: roomNameSchema });

export const createInviteBodySchema = z.object({
  room: roomNameSchema,
  role: roleSchema,
  expiresInHours: z.number({ error: hoursMessage }).int(hoursMessage).min(INVITE_HOURS.min, hoursMessage).max(INVITE_HOURS.max, hoursMessage).optional(),
});

export const revokeInviteBodySchema = z.object({ inviteId: idField("inviteId") });

export const acceptInviteBodySchema = z.object({
  token: idField("token"),
});

/** DELETE /api/rooms/removals: let a removed person back in. */
export const letBackInBodySchema = z.object({
  room: roomNameSchema,
  userId: idField("userId"),
});

export const removeMemberBodySchema = z.object({
  room: roomNameSchema,
  userId: idField("userId"),
  /** Also revoke the invite link they joined with ("remove and revoke their link"). */
  revokeInvite: z.boolean({ error: "revokeInvite must be true or false." }).optional(),
});

/** PUT /api/rooms/show: the room's whole show document (contract/show.ts). */
export const setShowBodySchema = z.object({ room: roomNameSchema, show: showSchema });
