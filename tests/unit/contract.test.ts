// The API contract: one owner for the statuses, the error codes and the answers' shapes,
// used by the database schema, the service and the browser alike.
import { describe, expect, expectTypeOf, it } from "vitest";
import * as dbSchema from "@golive/next/db";
import type { Livestream } from "@golive/next/db";
import {
  apiErrorCodes,
  durationAt,
  durationSeconds,
  isLive,
  listLivestreamsResultSchema,
  livestreamErrorCodes,
  livestreamStatuses,
  livestreamStatusResultSchema,
  type LivestreamDestination,
  type LivestreamRecording,
  type LivestreamStatusResult,
  type PublicLivestream,
  livestreamErrorCodes as serviceCodes,
} from "@golive/next/contract";
import { toPublicLivestream } from "@golive/next/livestream";

const statusAnswer: LivestreamStatusResult = {
  livestreamId: "ls-1",
  roomName: "room",
  status: "active",
  muxPlaybackId: "play-1",
  playbackUrl: "https://stream.mux.com/play-1.m3u8",
  viewerCount: 2,
  viewerCountAvailable: false,
  startedAt: new Date("2026-11-26T01:00:00.000Z"),
  duration: 61,
  failureReason: null,
  endReason: null,
  guardrail: { kind: "host-left", endsAt: new Date("2026-11-26T01:03:00.000Z") },
  health: {
    ingestAvailable: true,
    ingest: { status: "good", driftSessionAvgMs: 640, driftDeviationMs: 120, updatedAt: new Date("2026-11-26T01:00:55.000Z"), checkedAt: new Date("2026-11-26T01:01:00.000Z") },
    warning: { type: "unsupported_keyframe_interval", message: "Keyframes every 8 s", at: new Date("2026-11-26T01:00:40.000Z") },
  },
  muxAssetId: null,
  vodPlaybackId: null,
  recordings: [],
  destinations: [
    { id: "mux", type: "mux", name: "MUX", maskedUrl: "rtmps://global-live.mux.com/app/abcd…wxyz", status: "live" },
    {
      id: "d-1",
      type: "youtube",
      name: "YouTube",
      maskedUrl: "rtmp://a.rtmp.youtube.com/live2/abcd…wxyz",
      status: "finished",
      retries: 2,
      lastRetryAt: new Date("2026-11-26T01:00:30.000Z"),
      removedAt: new Date("2026-11-26T01:00:50.000Z"),
    },
  ],
  layout: "speaker",
  quality: "720p30",
  orientation: "portrait",
  visibility: "private",
  captions: "fr",
  title: "Friday's build",
  description: "Line one\nLine two",
};

/** What the browser receives: the service's value through JSON. */
const overTheWire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe("statuses", () => {
  it("the database stores exactly the contract's statuses", () => {
    expect(dbSchema.livestreamStatuses).toBe(livestreamStatuses);
  });

  it("isLive: starting, active and stopping occupy the room", () => {
    expect(livestreamStatuses.filter(isLive)).toEqual(["starting", "active", "stopping"]);
    expect(livestreamStatuses.filter(isLive)).toEqual([...dbSchema.liveStatuses]);
  });
});

describe("error codes", () => {
  it("the API answers every code the service raises, plus its own", () => {
    expect(serviceCodes).toBe(livestreamErrorCodes);
    expect(apiErrorCodes).toEqual(expect.arrayContaining([...livestreamErrorCodes, "unauthorized", "payload_too_large", "internal_error", "forbidden"]));
    expect(new Set(apiErrorCodes).size).toBe(apiErrorCodes.length);
  });
});

describe("answers", () => {
  it("a status answer parses back to what the service returned, dates included", () => {
    expect(livestreamStatusResultSchema.parse(overTheWire(statusAnswer))).toEqual(statusAnswer);
  });

  it("the browser is as strict as the server: a field the server always sends may not be missing", () => {
    const { viewerCountAvailable: _dropped, ...partial } = statusAnswer;
    expect(livestreamStatusResultSchema.safeParse(overTheWire(partial)).success).toBe(false);
    expect(livestreamStatusResultSchema.safeParse(overTheWire({ ...statusAnswer, status: "paused" })).success).toBe(false);
    expect(livestreamStatusResultSchema.safeParse(overTheWire({ ...statusAnswer, startedAt: "yesterday" })).success).toBe(false);
  });

  it("a listed row is the database row without its secrets, and parses back", () => {
    const row: Livestream = {
      id: "00000000-0000-4000-8000-000000000001",
      roomName: "room",
      egressId: "EG_1",
      muxLiveStreamId: "mux-1",
      muxPlaybackId: "play-1",
      muxStreamKey: "secret-stream-key",
      rtmpUrl: "rtmps://global-live.mux.com:443/app/secret-stream-key",
      status: "completed",
      muxAssetId: "asset-1",
      startedAt: new Date("2026-11-26T01:00:00.000Z"),
      endedAt: new Date("2026-11-26T01:01:01.000Z"),
      userId: "user-1",
      createdAt: new Date("2026-11-26T00:59:59.000Z"),
      updatedAt: new Date("2026-11-26T01:01:02.000Z"),
      failureReason: null,
      vodPlaybackId: "vod-1",
      destinations: [
        {
          id: "d-1",
          type: "youtube",
          name: "YouTube",
          maskedUrl: "rtmp://a.rtmp.youtube.com/live2/yt-s…-key",
          livekitUrl: "rtmp://a.rtmp.youtube.com/live2/{yt-...key}",
          status: "finished",
          removedAt: "2026-11-26T01:00:50.000Z",
        },
      ],
      viewerCount: 0,
      viewersCheckedAt: null,
      recordingFinalAt: null,
      reconcileLeaseUntil: null,
      reconcileCheckedAt: new Date("2026-11-26T01:05:00.000Z"),
      egressUpdatedAt: 5n,
      layout: "grid-light",
      quality: "1080p60",
      orientation: "landscape",
      destinationUrlsSealed: "v1.sealed-secret",
      destinationKeyHashes: ["24.hash-of-a-destination-key"],
      visibility: "public",
      captions: null,
      endReason: "Stopped: no host in the room for 2 minutes",
      maxDurationSeconds: 3600,
      ingestHealth: { status: "poor", driftSessionAvgMs: 1500, driftDeviationMs: 300, updatedAt: null, checkedAt: "2026-11-26T01:00:30.000Z" },
      muxWarning: { type: null, message: "warned", at: "2026-11-26T01:00:20.000Z" },
      templateReadyBy: null,
      title: "Friday's build",
      description: null,
    };
    const listed = toPublicLivestream(row, []);
    const wire = overTheWire({ livestreams: [listed], nextCursor: null });
    expect(JSON.stringify(wire)).not.toContain("secret-stream-key");
    expect(JSON.stringify(wire)).not.toContain("sealed-secret");
    // Matching bookkeeping stays inside; dates stored as text come out as dates.
    expect(listed.destinations).toEqual([
      { id: "d-1", type: "youtube", name: "YouTube", maskedUrl: "rtmp://a.rtmp.youtube.com/live2/yt-s…-key", status: "finished", removedAt: new Date("2026-11-26T01:00:50.000Z") },
    ]);
    expect(listLivestreamsResultSchema.parse(wire)).toEqual({ livestreams: [listed], nextCursor: null });
  });

  it("PublicLivestream is the row minus its secrets and bookkeeping, plus playbackUrl", () => {
    type Expected = Omit<
      Livestream,
      "muxStreamKey" | "rtmpUrl" | "destinationUrlsSealed" | "destinationKeyHashes" | "userId" | "viewersCheckedAt" | "reconcileLeaseUntil" | "reconcileCheckedAt" | "egressUpdatedAt" | "maxDurationSeconds" | "ingestHealth" | "muxWarning" | "templateReadyBy" | "destinations"
    > & {
      playbackUrl: string | null;
      destinations: LivestreamDestination[];
      recordings: LivestreamRecording[];
    };
    // Both ways assignable, and the same keys: no secret column can slip into the type.
    expectTypeOf<PublicLivestream>().toExtend<Expected>();
    expectTypeOf<Expected>().toExtend<PublicLivestream>();
    expectTypeOf<keyof PublicLivestream>().toEqualTypeOf<keyof Expected>();
  });
});

describe("duration", () => {
  it("whole seconds between two instants, never negative", () => {
    expect(durationSeconds(new Date("2026-01-01T00:00:00Z"), new Date("2026-01-01T01:01:15.900Z"))).toBe(3675);
    expect(durationSeconds(2_000, 1_000)).toBe(0);
  });

  it("a live duration from the server's value plus the local time since it was read", () => {
    expect(durationAt(10, 1_000, 6_999)).toBe(15);
    expect(durationAt(null, 1_000, 3_000)).toBe(2);
    expect(durationAt(10, 0, 99_999)).toBe(10); // never read: nothing to add to
  });
});
