// /api/rooms/live (docs/reference/api.md): golive's handlers for this host (src/lib/golive.ts).
import { golive } from "../../../../lib/golive";

export const { GET } = golive.routes.live;
