// Every golive server-action body, for a host's "use server" files to wrap (docs/architecture.md, "The host").
import { actionsAs } from "./action-result";
import { clipActions } from "./clip-actions";
import { livestreamActions } from "./livestream-actions";
import { roomActions } from "./room-actions";
import { savedDestinationActions } from "./saved-destination-actions";
import type { SessionHost } from "./session-host";
import { shareLinkActions } from "./share-link-actions";
import { stageActions } from "./stage-actions";

export function goliveActions(session: SessionHost) {
  const asUser = actionsAs(session);
  return { ...livestreamActions(asUser), ...roomActions(asUser), ...shareLinkActions(asUser), ...savedDestinationActions(asUser), ...stageActions(asUser), ...clipActions(asUser) };
}

export type GoliveActions = ReturnType<typeof goliveActions>;
