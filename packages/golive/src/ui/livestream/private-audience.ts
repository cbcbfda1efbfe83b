// Who a private broadcast plays for, in the studio's words, per LIVESTREAM_PRIVATE_WATCHERS
// (docs/architecture.md, "Private broadcasts").
import type { PrivateWatchers } from "../../watch/client";

export type { PrivateWatchers };

export const privateAudience: Record<PrivateWatchers, string> = {
  members: "this room's members",
  "signed-in": "signed-in users of this app",
};
