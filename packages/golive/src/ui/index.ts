// @golive/next/ui: golive's client components and hooks, for the host's pages; their styles are
// @golive/next/ui/styles.css, every rule under the root class `golive` (docs/ui.md, "Embedding:
// server actions, hook, components"). Values here reach only browser-safe modules
// (tests/unit/source-rules.test.ts).
export { GoliveActions, useGoliveActions } from "./actions";
export type { GoliveUiActions } from "./actions";
export { useLivestream, POLL_MS } from "./hooks/use-livestream";
export type { LivestreamPending, UseLivestream } from "./hooks/use-livestream";
export { initialLivestreamState, livestreamReducer } from "./hooks/livestream-state";
export type { LivestreamEvent, LivestreamRequest, LivestreamState, StatusRead } from "./hooks/livestream-state";
export { LiveClipButtons } from "./clips/live-clip-buttons";
export { CLIPS_POLL_MS, RecordingClips } from "./clips/recording-clips";
export { GoLiveButton } from "./livestream/go-live-button";
export { GoLivePanel } from "./livestream/go-live-panel";
export { LivestreamView } from "./livestream/livestream-view";
export { ShareLinksPanel } from "./livestream/share-links-panel";
export { explainError, GENERIC_ERROR_TITLE } from "./livestream/explain-error";
export { plainPaths } from "./livestream/plain-paths";
export type { Explanation } from "./livestream/explain-error";
export { fetchLivestreamStatus } from "./livestream/status-request";
export type { StatusResult } from "./livestream/status-request";
export { newDraft, validateForm } from "./livestream/destination-draft";
export type { DestinationDraft, DraftType } from "./livestream/destination-draft";
export { formatAgo, formatClock, formatDuration, formatWhen, serverNow, speakDuration } from "./livestream/format";
export { destinationHealthLine, ingestHealthLine, muxWarningLine } from "./livestream/destination-health";
export type { DestinationFacts, HealthLine, HealthTone } from "./livestream/destination-health";
export { GuardrailNotice } from "./livestream/guardrail-notice";
export { guardrailText, secondsLeft } from "./livestream/guardrail-countdown";
export type { PrivateWatchers } from "./livestream/private-audience";
export type { RequestError } from "./livestream/types";
export { RoomStage } from "./room/room-stage";
export { InvitePanel } from "./rooms/invite-panel";
export { PeopleDrawer } from "./rooms/people-drawer";
export { roleLabel } from "./rooms/role-label";
export { RefreshWhile } from "./watch/refresh-while";
export { RenewingPlayer } from "./watch/renewing-player";
export { WatchPlayer } from "./watch/watch-player";
export { WaitingCard } from "./watch/waiting-card";
export { CompositeTemplate } from "./template/composite-template";
export { Program, TestPattern, clockText, composedParticipants } from "./template/program";
export type { ProgramParticipant } from "./template/program";
export { StudioBar } from "./studio/studio-bar";
export { GUEST_POLL_MS, GuestStudio, guestCue } from "./studio/guest-studio";
export { StudioControls } from "./studio/studio-controls";
export { StudioStateProvider, useStudioState } from "./studio/studio-state";
export type { ObservedRoom } from "./studio/studio-state";
