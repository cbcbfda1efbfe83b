// LiveKit's protobuf messages become golive's shapes once, at the edge: int64 times as Dates
// (0 = unset) and updated_at kept whole as a bigint; presence times in ms.
import { EgressInfo, ParticipantInfo, Room, StreamInfo } from "@livekit/protocol";
import { WebhookEvent } from "livekit-server-sdk";
import { expect, test } from "vitest";
import { egressUpdateFrom, livekitEventOf } from "@golive/next/upstream";

test("an EgressInfo's times are converted once: Dates for its streams, updated_at whole", () => {
  const info = new EgressInfo({
    egressId: "EG_1",
    roomName: "studio",
    status: 1,
    updatedAt: 1_700_000_000_123_456_789n,
    streamResults: [
      new StreamInfo({ url: "rtmp://a/app/{k...y}", status: 0, startedAt: 1_700_000_000_000_000_000n, retries: 2, lastRetryAt: 1_700_000_001_500_000_000n }),
      new StreamInfo({ url: "rtmp://b/app/{k...y}", status: 1, error: "gone", startedAt: 1_700_000_000_000_000_000n, endedAt: 1_700_000_002_000_000_000n }),
    ],
  });
  expect(egressUpdateFrom(info)).toEqual({
    egressId: "EG_1",
    roomName: "studio",
    status: 1,
    error: "",
    updatedAt: 1_700_000_000_123_456_789n,
    streams: [
      { url: "rtmp://a/app/{k...y}", status: 0, error: "", startedAt: new Date(1_700_000_000_000), retries: 2, lastRetryAt: new Date(1_700_000_001_500) },
      { url: "rtmp://b/app/{k...y}", status: 1, error: "gone", startedAt: new Date(1_700_000_000_000), endedAt: new Date(1_700_000_002_000), retries: 0 },
    ],
  });
  const unset = egressUpdateFrom(new EgressInfo({ egressId: "EG_2", streamResults: [new StreamInfo({ url: "rtmp://a/app/x" })] }));
  expect(unset).not.toHaveProperty("updatedAt");
  expect(unset.streams[0]).toMatchObject({ startedAt: undefined, endedAt: undefined, lastRetryAt: undefined });
});

/** A WebhookEvent as the SDK's receiver returns it (its class sets `event` after the protobuf fields). */
const webhook = ({ event, ...fields }: ConstructorParameters<typeof WebhookEvent>[0] & { event: WebhookEvent["event"] }) =>
  Object.assign(new WebhookEvent(fields), { event });

test("webhook events: egress and presence ones are converted, others are not golive's", () => {
  const room = new Room({ name: "studio", sid: "RM_1", creationTime: 1_700_000_000n });
  const participant = new ParticipantInfo({ identity: "host", sid: "PA_1", joinedAt: 1_700_000_001n, joinedAtMs: 1_700_000_001_250n });
  expect(livekitEventOf(webhook({ event: "participant_joined", id: "EV_1", createdAt: 1_700_000_002n, room, participant }))).toEqual({
    kind: "presence",
    presence: { kind: "joined", roomName: "studio", roomSid: "RM_1", identity: "host", participantSid: "PA_1", joinedAtMs: 1_700_000_001_250, at: 1_700_000_002_000 },
  });
  expect(livekitEventOf(webhook({ event: "room_finished", createdAt: 1_700_000_003n, room }))).toEqual({
    kind: "presence",
    presence: { kind: "room_finished", roomName: "studio", roomSid: "RM_1", roomCreatedAtMs: 1_700_000_000_000, at: 1_700_000_003_000 },
  });
  expect(livekitEventOf(webhook({ event: "egress_updated", egressInfo: new EgressInfo({ egressId: "EG_1" }) }))).toMatchObject({ kind: "egress", update: { egressId: "EG_1" } });
  expect(livekitEventOf(webhook({ event: "room_started", room }))).toBeNull();
  expect(livekitEventOf(webhook({ event: "participant_left", room }))).toBeNull(); // no participant
});
