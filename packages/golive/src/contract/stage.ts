// Who is on stage: a LiveKit participant attribute the composite template reads to decide whom
// it composes (docs/architecture.md, "The composite template"). Pure, so the template, the studio
// and the service agree on one rule.
import "./zod-jitless";
import { z } from "zod";
import { roomNameSchema } from "./requests";
import { textField } from "./text-fields";

/** The participant attribute; `"on"` means on stage, absent or anything else backstage. */
export const STAGE_ATTRIBUTE = "golive.stage";
export const ON_STAGE = "on";

/** Whether a participant with these attributes is composed by the template. */
export function isOnStage(attributes: Readonly<Record<string, string>> | undefined): boolean {
  return attributes?.[STAGE_ATTRIBUTE] === ON_STAGE;
}

/** The attributes UpdateParticipant sends: `"on"`, or `""`, which LiveKit reads as "delete the key". */
export function stageAttributes(onStage: boolean): Record<string, string> {
  return { [STAGE_ATTRIBUTE]: onStage ? ON_STAGE : "" };
}

/** PUT /api/rooms/stage and the setOnStage action: put `identity` on or off `room`'s stage. */
export const setStageBodySchema = z.object({
  room: roomNameSchema,
  identity: textField("identity", 200).min(1, "identity must not be empty."),
  onStage: z.boolean({ error: "onStage must be true or false." }),
});
export type SetStageBody = z.infer<typeof setStageBodySchema>;

/** One participant of the room as the studio lists them. */
export const stageParticipantSchema = z.object({ identity: z.string(), name: z.string(), onStage: z.boolean() });
export type StageParticipant = z.infer<typeof stageParticipantSchema>;
/** The room setting: guests join on stage instead of backstage (hosts always join on stage). */
export const setStageSettingBodySchema = z.object({ room: roomNameSchema, guestsJoinOnStage: z.boolean({ error: "guestsJoinOnStage must be true or false." }) });
export type SetStageSettingBody = z.infer<typeof setStageSettingBodySchema>;
/** Who is in the room and on stage, for every member (GET, and the answer of each change). */
export const stageResultSchema = z.object({ room: z.string(), guestsJoinOnStage: z.boolean(), participants: z.array(stageParticipantSchema) });
export type StageResult = z.infer<typeof stageResultSchema>;
