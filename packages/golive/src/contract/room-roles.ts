// The roles a member of a room can have (docs/architecture.md, "Rooms and roles"). Pure, so
// the browser and the schema share one list.
export const roomRoles = ["host", "guest", "viewer"] as const;
export type RoomRole = (typeof roomRoles)[number];
