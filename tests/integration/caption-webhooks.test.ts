// The app's MUX webhook route and the sandbox's caption-track events (packages/sandbox/src/mux/captions.ts):
// `video.asset.track.created` / `video.asset.track.ready` are signed MUX events the app has no use
// for, so /api/webhooks/mux acknowledges them (200) and applies nothing (packages/golive/src/livestream/mux-events.ts
// ignores types it doesn't handle), the same as for a real MUX account with live captions on.
import Mux from "@mux/mux-node";
import { EgressClient, StreamOutput } from "livekit-server-sdk";
import { expect, test } from "vitest";
import { useTestApp } from "../support/test-file";

const t = useTestApp({});

test("caption track webhooks from the sandbox are answered 200 by the app", async () => {
  const { sandbox, credentials: c } = t.app;
  const mux = new Mux({ tokenId: c.muxTokenId, tokenSecret: c.muxTokenSecret, baseURL: sandbox.muxBaseUrl, maxRetries: 0 });
  const egress = new EgressClient(sandbox.livekitUrl, c.livekitApiKey, c.livekitApiSecret);
  const stream = await mux.video.liveStreams.create({
    playback_policy: ["public"],
    generated_subtitles: [{ name: "English CC (ASR)", language_code: "en" }],
  });
  sandbox.control.joinRoom("captions-room", "host");
  const { egressId } = await egress.startRoomCompositeEgress(
    "captions-room",
    new StreamOutput({ urls: [`rtmp://global-live.mux.com:5222/app/${stream.stream_key}`] }),
  );
  await sandbox.control.settle();
  await egress.stopEgress(egressId);
  await mux.video.liveStreams.complete(stream.id);
  await sandbox.control.settle();

  const tracks = sandbox.control.webhooksSent({ service: "mux" }).filter((h) => h.type.startsWith("video.asset.track."));
  expect(tracks.map((h) => h.type)).toEqual([
    "video.asset.track.created",
    "video.asset.track.created",
    "video.asset.track.ready",
    "video.asset.track.ready",
  ]);
  for (const h of tracks) expect({ type: h.type, state: h.state, statuses: h.attempts.map((a) => a.status) }).toEqual({ type: h.type, state: "delivered", statuses: [200] });
});
