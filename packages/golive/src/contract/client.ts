// The `contract` browser entry (docs/architecture.md, "The package"): every value here is pure.
import "./zod-jitless";
export { AUDIO_BITRATE_KBPS, QUALITY_PRESETS, encodingFor } from "./encoding";
export type { Encoding } from "./encoding";
export { LivestreamError, badRequest } from "./errors";
export { badCursorMessage, decodeListCursor, encodeListCursor, listCursorSchema } from "./cursor";
export type { ListCursor } from "./cursor";
export { MAX_DESTINATIONS, MAX_DURATION, MAX_KEY_LENGTH, MAX_NAME_LENGTH, MAX_URL_LENGTH, SHARE_LINK_HOURS, changeBodySchema, createShareLinkBodySchema, listQuerySchema, pastedStartBodySchema, retryDestinationBodySchema, revokeShareLinkBodySchema, roomNameSchema, savedDestinationRefSchema, shareLinksQuerySchema, startBodySchema, startFieldsSchema, statusQuerySchema, stopBodySchema, tooManyDestinationsMessage } from "./requests";
export type { ChangeBody, DestinationBody, PastedStartBody, RetryDestinationBody, SavedDestinationRef, StartBody } from "./requests";
export {
  MAX_SAVED_DESTINATIONS,
  createSavedDestinationBodySchema,
  deleteSavedDestinationBodySchema,
  listSavedDestinationsResultSchema,
  savedDestinationResultSchema,
  savedDestinationSchema,
  savedDestinationTypes,
  updateSavedDestinationBodySchema,
} from "./saved-destinations";
export type { SavedDestination, SavedDestinationType } from "./saved-destinations";
export { INVITE_HOURS, acceptInviteBodySchema, createInviteBodySchema, createRoomBodySchema, letBackInBodySchema, removeMemberBodySchema, revokeInviteBodySchema, roomQuerySchema, setShowBodySchema } from "./room-requests";
export { MAX_ROOM_NAME_LENGTH, roomNameProblem } from "./room-name";
export { roomRoles } from "./room-roles";
export type { RoomRole } from "./room-roles";
export { DEFAULT_LAYOUT, DEFAULT_ORIENTATION, DEFAULT_QUALITY, apiErrorBodySchema, apiErrorCodeSchema, apiErrorCodes, captionLanguageNames, captionLanguages, destinationStatuses, MAX_DURATION_WARNING_SECONDS, durationAt, durationSeconds, guardrailKinds, ingestHealthSchema, ingestHealthStatuses, isLive, livestreamHealthSchema, muxWarningSchema, OUTPUT_RETRY_WINDOW_SECONDS, livestreamGuardrailSchema, livestreamRecordingSchema, layouts, createdShareLinkSchema, listLivestreamsResultSchema, listShareLinksResultSchema, liveStatuses, livestreamErrorCodes, livestreamStatusResultSchema, livestreamStatuses, orientations, qualities, shareLinkSchema, startLivestreamResultSchema, stopLivestreamResultSchema, visibilities } from "./shapes";
export type { ApiErrorBody, ApiErrorCode, CaptionLanguage, DestinationStatus, GuardrailKind, IngestHealth, IngestHealthStatus, Layout, LivestreamHealth, MuxWarning, LivestreamGuardrail, LivestreamDestination, LivestreamRecording, LivestreamStatus, LivestreamStatusResult, Orientation, PublicLivestream, Quality, ShareLink, StartLivestreamResult, StopLivestreamResult, Visibility, livestreamDestinationSchema } from "./shapes";
export { BROADCAST_LIMITS, broadcastDescriptionSchema, broadcastDetailsInput, broadcastDetailsProblems, broadcastTitleSchema } from "./broadcast-details";
export type { BroadcastDetails } from "./broadcast-details";
export { controlCharactersMessage, hasControlCharacters } from "./text-fields";
export { formatIssues, parseOrBadRequest } from "./validation";
export { MAX_SHARE_TOKEN_LENGTH, PLAYBACK_ID, playbackTokensBodySchema, playbackTokensResultSchema } from "./watch-requests";
export type { playerSourceSchema } from "./watch-requests";
export {
  createdInviteSchema,
  inviteViewSchema,
  listInvitesResultSchema,
  listMembersResultSchema,
  listRoomsResultSchema,
  livekitTokenResultSchema,
  roomAccessSchema,
  roomLiveResultSchema,
  roomMemberViewSchema,
  roomSummarySchema,
} from "./room-shapes";
export type { InviteView, RoomAccess, RoomLiveResult, RoomMemberView, RoomSummary } from "./room-shapes";
export { reconcileReportSchema } from "./reconcile-shapes";
export type { ReconcileReport } from "./reconcile-shapes";
export { isoDate, linkStateSchema } from "./codecs";
export type { LinkState } from "./codecs";
export { DEFAULT_SHOW, SHOW_LIMITS, SHOW_VERSION, parseShow, scenes, serializeShow, showSchema } from "./show";
export type { Scene, Show } from "./show";
export { ON_STAGE, STAGE_ATTRIBUTE, isOnStage, setStageBodySchema, setStageSettingBodySchema, stageAttributes, stageParticipantSchema, stageResultSchema } from "./stage";
export type { SetStageBody, SetStageSettingBody, StageParticipant, StageResult } from "./stage";
export {
  MIN_CLIP_SECONDS,
  clipIdBodySchema,
  clipKinds,
  clipPlaybackSchema,
  clipResultSchema,
  clipSchema,
  clipStates,
  clipsQuerySchema,
  createClipBodySchema,
  listClipsResultSchema,
  liveClipSeconds,
  mp4BodySchema,
  mp4Schema,
  mp4States,
  recordingClipsSchema,
  recordingMp4ResultSchema,
} from "./clips";
export type { Clip, ClipKind, ClipPlayback, ClipState, CreateClipBody, ListClipsResult, Mp4Body, Mp4State, Mp4View, RecordingClips } from "./clips";
