// With a seed, a sandbox makes the same ids on every run: a failing test replays exactly.
import { StreamOutput, StreamProtocol } from "livekit-server-sdk";
import { afterEach, expect, test } from "vitest";
import { muxIngest, startWorld, type World } from "../support/sandbox-clients";

const worlds: World[] = [];
afterEach(async () => {
  await Promise.all(worlds.splice(0).map((w) => w.sandbox.close()));
});

async function run(seed?: number) {
  const world = await startWorld(seed === undefined ? {} : { seed });
  worlds.push(world);
  const stream = await world.mux.video.liveStreams.create({ playback_policy: ["public"] });
  world.sandbox.control.joinRoom("room", "someone");
  const info = await world.egress.startRoomCompositeEgress(
    "room",
    new StreamOutput({ protocol: StreamProtocol.RTMP, urls: [muxIngest(stream.stream_key ?? "")] }),
  );
  return { stream: stream.id, key: stream.stream_key, playback: stream.playback_ids?.[0]?.id, egress: info.egressId };
}

test("the same seed gives the same ids; another seed or none gives others", async () => {
  const a = await run(42);
  const b = await run(42);
  expect(b).toEqual(a);
  expect(a.key).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  expect(a.egress).toMatch(/^EG_[0-9A-Za-z]{12}$/);
  expect((await run(43)).stream).not.toBe(a.stream);
  expect((await run()).stream).not.toBe(a.stream);
});
