// What the browser knows about a broadcast. Parsed (not cast) from the status route, with the
// fields the lifecycle work is adding (per-destination status, viewerCountAvailable, "starting"
// until MUX reports the stream active) optional, so the UI works before and after it lands.
import "@/lib/zod-jitless";
import { z } from "zod";
import type { LivestreamErrorCode } from "@/lib/video/errors";

export const broadcastStates = ["idle", "starting", "active", "stopping", "completed", "failed"] as const;
export type BroadcastState = (typeof broadcastStates)[number];

export const destinationStates = ["connecting", "live", "failed", "finished"] as const;
export type DestinationState = (typeof destinationStates)[number];

// Unknown values degrade to "absent" instead of failing the whole response.
const destinationSchema = z.object({
  type: z.string(),
  name: z.string(),
  maskedUrl: z.string().optional(),
  status: z.enum(destinationStates).optional().catch(undefined),
  error: z.string().nullish(),
});

export const broadcastStatusSchema = z.object({
  livestreamId: z.string(),
  roomName: z.string(),
  status: z.enum(broadcastStates),
  muxPlaybackId: z.string().nullable(),
  playbackUrl: z.string().nullable(),
  viewerCount: z.number().nullish(),
  viewerCountAvailable: z.boolean().optional(),
  startedAt: z.string().nullable(),
  duration: z.number().nullable(),
  failureReason: z.string().nullable(),
  muxAssetId: z.string().nullable(),
  vodPlaybackId: z.string().nullable(),
  destinations: z.array(destinationSchema).catch([]),
});

export type BroadcastStatus = z.output<typeof broadcastStatusSchema>;
export type BroadcastDestination = BroadcastStatus["destinations"][number];

/** Every code the API and the server actions answer with. */
export type ErrorCode = LivestreamErrorCode | "unauthorized" | "internal_error";

/** What a failed request becomes in the UI: a code for programs, the server's sentence for people. */
export type RequestError = { code: ErrorCode | "network"; message: string; status?: number };

export const isLiveState = (state: BroadcastState) => state === "starting" || state === "active" || state === "stopping";
