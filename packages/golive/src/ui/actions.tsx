"use client";
// The host's server actions, handed to golive's components: a package can't import the host's
// "use server" files, so the host's server component renders <GoliveActions actions={…}> with its
// own (server action references are serializable props; docs/ui.md, "Embedding: server actions,
// hook, components").
import { createContext, type ReactNode, useContext } from "react";
import type { GoliveActions as ServerActions } from "../http";

/** The actions golive's components call: the host's wrappers of `golive.actions.*` of these names. */
export type GoliveUiActions = Pick<
  ServerActions,
  | "goLive"
  | "endLivestream"
  | "updateLivestream"
  | "retryDestination"
  | "myRoleIn"
  | "createRoomInvite"
  | "revokeRoomInvite"
  | "removeRoomMember"
  | "letRemovedBackIn"
  | "createShareLink"
  | "shareLinksOf"
  | "revokeShareLink"
  | "savedDestinations"
  | "saveDestination"
  | "updateSavedDestination"
  | "deleteSavedDestination"
  | "setRoomShow"
  | "roomStage"
  | "setOnStage"
  | "setGuestsJoinOnStage"
  | "listClips"
  | "createClip"
  | "makeClipAsset"
  | "deleteClip"
  | "requestMp4"
>;

const ActionsContext = createContext<GoliveUiActions | null>(null);

/** Makes the host's server actions reachable from every golive component below it. */
export function GoliveActions({ actions, children }: { actions: GoliveUiActions; children: ReactNode }) {
  return <ActionsContext.Provider value={actions}>{children}</ActionsContext.Provider>;
}

/** The host's server actions; throws a sentence naming the provider when none is above. */
export function useGoliveActions(): GoliveUiActions {
  const actions = useContext(ActionsContext);
  if (!actions) throw new Error("golive's components need <GoliveActions actions={…}> above them (docs/ui.md, \"Embedding\").");
  return actions;
}
