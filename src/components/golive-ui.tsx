// golive's components with this app's server actions (src/app/actions/*), for a layout to wrap
// its pages in: `<GoliveUi>{children}</GoliveUi>` (docs/ui.md, "Embedding"). Its stylesheet is
// imported here, so the layout that renders it has golive's styles too.
import type { ReactNode } from "react";
import { GoliveActions } from "@golive/next/ui";
import { createClip, deleteClip, listClips, makeClipAsset, requestMp4 } from "../app/actions/clips";
import { endLivestream, goLive, retryDestination, updateLivestream } from "../app/actions/livestream";
import { createRoomInvite, letRemovedBackIn, myRoleIn, removeRoomMember, revokeRoomInvite, roomStage, setGuestsJoinOnStage, setOnStage, setRoomShow } from "../app/actions/rooms";
import { deleteSavedDestination, saveDestination, savedDestinations, updateSavedDestination } from "../app/actions/saved-destinations";
import { createShareLink, revokeShareLink, shareLinksOf } from "../app/actions/share-links";
import "@golive/next/ui/styles.css";

const actions = { goLive, endLivestream, updateLivestream, retryDestination, myRoleIn, createRoomInvite, revokeRoomInvite, removeRoomMember, letRemovedBackIn, createShareLink, shareLinksOf, revokeShareLink, savedDestinations, saveDestination, updateSavedDestination, deleteSavedDestination, setRoomShow, roomStage, setOnStage, setGuestsJoinOnStage, listClips, createClip, makeClipAsset, deleteClip, requestMp4 };

export function GoliveUi({ children }: { children: ReactNode }) {
  return <GoliveActions actions={actions}>{children}</GoliveActions>;
}
