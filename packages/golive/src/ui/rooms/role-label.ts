// What each room role may do, in the pages' words (docs/ui.md, "Rooms, roles and the invite panel").
import type { RoomRole } from "../../contract/client";

/** What each role may do, in the words the pages use. */
export const roleLabel: Record<RoomRole, { name: string; can: string }> = {
  host: { name: "Host", can: "camera and microphone, and may take the room live" },
  guest: { name: "Guest", can: "camera and microphone, but can't take the room live" },
  viewer: { name: "Viewer", can: "watches and listens only" },
};
