/**
 * RoomService/UpdateRoomMetadata and RoomService/UpdateParticipant on the emulator's records.
 *
 * Faithful to (@livekit/protocol UpdateRoomMetadataRequest / UpdateParticipantRequest, as
 * livekit-server-sdk sends them): the room's metadata is replaced, an empty one skips the update;
 * a participant's metadata and name change only when set; attributes are merged, a key set to ""
 * is deleted; the answers are the Room and the ParticipantInfo; a room or participant that isn't
 * there answers `not_found` like RemoveParticipant.
 * No webhook: LiveKit's WebhookEvent names no metadata or attribute change (room_started,
 * room_finished, participant_*, track_*, egress_*, ingress_* only); rooms learn it over the
 * signal connection, which the sandbox does not emulate.
 * Chosen, not verified: no size limit on metadata or attributes (a server's `limit` config sets one).
 * Cannot catch: permission updates (accepted, ignored), the signal-channel events clients receive.
 */
import { z } from "zod";
import { TwirpError } from "./emulator";
import type { ParticipantRecord, RoomRecord } from "./encode";

export const updateRoomMetadataSchema = z.looseObject({ room: z.string().default(""), metadata: z.string().default("") });

export const updateParticipantSchema = z.looseObject({
  room: z.string().default(""),
  identity: z.string().default(""),
  metadata: z.string().default(""),
  name: z.string().default(""),
  attributes: z.record(z.string(), z.string()).default({}),
  permission: z.looseObject({}).optional(),
});

export function updateRoomMetadata(room: RoomRecord | undefined, metadata: string): RoomRecord {
  if (!room) throw new TwirpError("not_found", "requested room does not exist");
  if (metadata !== "") room.metadata = metadata;
  return room;
}

export function updateParticipant(room: RoomRecord | undefined, update: z.output<typeof updateParticipantSchema>): ParticipantRecord {
  if (!room) throw new TwirpError("not_found", "requested room does not exist");
  const participant = room.participants.get(update.identity);
  if (!participant) throw new TwirpError("not_found", "participant not found");
  if (update.metadata !== "") participant.metadata = update.metadata;
  if (update.name !== "") participant.name = update.name;
  const attributes = { ...participant.attributes };
  for (const [key, value] of Object.entries(update.attributes)) {
    if (value === "") delete attributes[key];
    else attributes[key] = value;
  }
  participant.attributes = attributes;
  return participant;
}
