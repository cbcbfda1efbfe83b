// Server-action bodies for the stage: /api/rooms/stage's service calls, as the request's
// signed-in user (docs/ui.md, "Embedding: server actions, hook, components").
import type { z } from "zod";
import { parseOrBadRequest, roomNameSchema, setStageBodySchema, setStageSettingBodySchema, type StageResult } from "../contract";
import { listStage, setGuestsJoinOnStage, setOnStage } from "../rooms";
import type { ActionResult, AsUser } from "./action-result";

export function stageActions(asUser: AsUser) {
  return {
    /** Who is in a room you belong to and who is on stage. */
    roomStage(room: string): Promise<ActionResult<StageResult>> {
      return asUser((user) => listStage(parseOrBadRequest(roomNameSchema, room), user.id), [room]);
    },
    /** Puts a participant on or off stage, as the owner or a host. */
    setOnStage(input: z.input<typeof setStageBodySchema>): Promise<ActionResult<StageResult>> {
      return asUser(async (user) => {
        const { room, identity, onStage } = parseOrBadRequest(setStageBodySchema, input);
        return setOnStage(room, user.id, identity, onStage);
      }, [input]);
    },
    /** Whether guests join on stage (the room setting), as the owner or a host. */
    setGuestsJoinOnStage(input: z.input<typeof setStageSettingBodySchema>): Promise<ActionResult<StageResult>> {
      return asUser(async (user) => {
        const { room, guestsJoinOnStage } = parseOrBadRequest(setStageSettingBodySchema, input);
        return setGuestsJoinOnStage(room, user.id, guestsJoinOnStage);
      }, [input]);
    },
  };
}
