export { mayControlBroadcast } from "./broadcast-policy";
export { assertMayBroadcast, emptyRoom, notHost } from "./go-live-policy";
export { PRESENCE_RETENTION_MS, PRESENCE_TRUST_MS, applyPresenceEvent, prunePresence } from "./presence";
export type { PresenceEvent } from "./presence";
export { letBackIn, listRemovals } from "./removals";
export type { RemovalView } from "./removals";
export { acceptInvite, createInvite, createRoom, deleteMembership, describeInvite, grantsOf, listInvites, listMembers, listRooms, openRoom, revokeInvite, roleIn, wasRemovedFrom } from "./rooms";
export type { InviteView, RoomAccess, RoomMemberView, RoomSummary } from "./rooms";
export { endedLinkSql, linkState, newestFirst, signedIdToken, verifySignedIdToken, workingLinkSql } from "./signed-ids";
