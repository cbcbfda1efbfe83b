// The rooms folder's entry: what other folders and the app may import from it (tests/unit/source-rules.test.ts).
export { mayControlBroadcast, mayControlBroadcastHalves } from "./broadcast-policy";
export { assertMayBroadcast, emptyRoom, notHost } from "./go-live-policy";
export { acceptInvite, createInvite, describeInvite, listInvites, listInvitesQueries, revokeInvite } from "./invites";
export type { InviteView } from "./invites";
export { deleteMembership, listMembers, listMembersQuery } from "./members";
export type { RoomMemberView } from "./members";
export { PRESENCE_RETENTION_MS, PRESENCE_TRUST_MS, applyPresenceEvent, presenceWrite, prunePresence } from "./presence";
export type { PresenceEvent } from "./presence";
export { letBackIn, listRemovals, wasRemovedFrom } from "./removals";
export type { RemovalView } from "./removals";
export { isRoomLive } from "./room-live";
export { createRoom, grantsOf, listRooms, listRoomsQuery, openRoom, roleIn } from "./rooms";
export type { RoomAccess, RoomSummary } from "./rooms";
export { setShow } from "./show";
export { joinStageAttributes, listStage, setGuestsJoinOnStage, setOnStage } from "./stage";
export { endedLinkSql, linkState, newestLinksFirst, signedIdToken, verifySignedIdToken, workingLinkSql } from "./signed-ids";
