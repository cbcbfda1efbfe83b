import { expect, test } from "vitest";
import type { StoredDestination } from "@/lib/db/schema";
import { mergeStreamResults } from "@/lib/video/events";

const dest = (type: StoredDestination["type"], maskedUrl: string): StoredDestination => ({ type, name: type, maskedUrl, status: "connecting" });
const destinations = [
  dest("mux", "rtmp://global-live.mux.com:5222/app/abcd…wxyz"),
  dest("youtube", "rtmp://a.rtmp.youtube.com/live2/yt11…1111"),
  dest("youtube", "rtmp://a.rtmp.youtube.com/live2/yt22…2222"),
];

test("LiveKit's redacted URLs are matched to our masked ones by everything but the key, in order", () => {
  const merged = mergeStreamResults(destinations, [
    { url: "rtmp://global-live.mux.com:5222/app/{abc...xyz}", status: 0, error: "" },
    { url: "rtmp://a.rtmp.youtube.com/live2/{yt1...111}", status: 0, error: "" },
    { url: "rtmp://a.rtmp.youtube.com/live2/{yt2...222}", status: 2, error: "connection refused" },
  ]);
  expect(merged.map((d) => [d.status, d.error])).toEqual([
    ["live", undefined],
    ["live", undefined],
    ["failed", "connection refused"],
  ]);
  expect(destinations[2]?.status).toBe("connecting"); // the input is not mutated
});

test("a destination not reported keeps its state; an unknown URL changes nothing; a recovery clears the error", () => {
  const failed = mergeStreamResults(destinations, [{ url: "rtmp://a.rtmp.youtube.com/live2/{yt1...111}", status: 2, error: "boom" }]);
  expect(failed.map((d) => d.status)).toEqual(["connecting", "failed", "connecting"]);
  const unknown = mergeStreamResults(failed, [{ url: "rtmp://elsewhere.example/app/{k...y}", status: 0, error: "" }]);
  expect(unknown).toEqual(failed);
  const finished = mergeStreamResults(failed, [{ url: "rtmp://global-live.mux.com:5222/app/{abc...xyz}", status: 1, error: "" }, { url: "rtmp://a.rtmp.youtube.com/live2/{yt1...111}", status: 0, error: "" }]);
  expect(finished.map((d) => [d.status, d.error])).toEqual([["finished", undefined], ["live", undefined], ["connecting", undefined]]);
});

test("an egress still starting has no live destination yet, whatever its streams' default status says", () => {
  const starting = mergeStreamResults(destinations, [{ url: "rtmp://global-live.mux.com:5222/app/{abc...xyz}", status: 0, error: "" }], 0);
  expect(starting[0]?.status).toBe("connecting");
  const active = mergeStreamResults(destinations, [{ url: "rtmp://global-live.mux.com:5222/app/{abc...xyz}", status: 0, error: "" }], 1);
  expect(active[0]?.status).toBe("live");
});
