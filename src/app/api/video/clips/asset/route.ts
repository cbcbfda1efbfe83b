// /api/video/clips/asset (docs/reference/api.md): golive's handlers for this host (src/lib/golive.ts).
import { golive } from "../../../../../lib/golive";

export const { POST } = golive.routes.clipAsset;
