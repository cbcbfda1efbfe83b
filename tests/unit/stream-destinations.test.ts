import { describe, expect, test } from "vitest";
import { LivestreamError } from "@golive/next/contract";
import { buildDestination, buildMuxRtmpUrl, buildTwitchRtmpUrl, buildYouTubeRtmpUrl, getFullRtmpUrl, getMuxPlaybackUrl, getMuxThumbnailUrl, protocolOf } from "@golive/next/destinations";

describe("ingest URLs (each service's default ingest server)", () => {
  test.each([
    ["MUX", () => buildMuxRtmpUrl("abc-123"), "rtmp://global-live.mux.com:5222/app/abc-123"],
    ["MUX over RTMPS", () => buildMuxRtmpUrl("abc-123", "rtmps"), "rtmps://global-live.mux.com:443/app/abc-123"],
    ["YouTube", () => buildYouTubeRtmpUrl("xxxx-xxxx-xxxx-xxxx"), "rtmp://a.rtmp.youtube.com/live2/xxxx-xxxx-xxxx-xxxx"],
    ["Twitch", () => buildTwitchRtmpUrl("live_123"), "rtmp://live.twitch.tv/app/live_123"],
    ["Twitch, nearest ingest", () => buildTwitchRtmpUrl("live_123", "live-fra.twitch.tv"), "rtmp://live-fra.twitch.tv/app/live_123"],
  ])("%s", (_name, build, expected) => {
    expect(build()).toBe(expected);
  });
});

const twitchServerProblem =
  "twitchIngestServer must be a Twitch ingest server: live.twitch.tv, live-<region>.twitch.tv or <server>.contribute.live-video.net.";

describe("buildDestination", () => {
  test("names default to the type and the URL carries the key", () => {
    expect(buildDestination("youtube", "k-1")).toEqual({
      type: "youtube",
      name: "youtube",
      rtmpUrl: "rtmp://a.rtmp.youtube.com/live2/k-1",
      streamKey: "k-1",
    });
    expect(buildDestination("twitch", "live_9", { name: "Twitch", twitchIngestServer: "live-sea.twitch.tv" }).rtmpUrl).toBe(
      "rtmp://live-sea.twitch.tv/app/live_9",
    );
    expect(getFullRtmpUrl(buildDestination("mux", "m-1"))).toBe("rtmp://global-live.mux.com:5222/app/m-1");
  });

  test.each([
    ["rtmp://live.example.com/app", "rtmp://live.example.com/app/key-1"],
    ["rtmp://live.example.com/app/", "rtmp://live.example.com/app/key-1"],
    ["rtmps://live.example.com:443/live2", "rtmps://live.example.com:443/live2/key-1"],
    ["rtmp://10.0.0.5:1935/live", "rtmp://10.0.0.5:1935/live/key-1"],
  ])("custom %s", (base, expected) => {
    expect(buildDestination("custom", "key-1", { customRtmpUrl: base }).rtmpUrl).toBe(expected);
  });

  test.each([
    ["live.twitch.tv", "rtmp://live.twitch.tv/app/live_1"],
    ["live-fra.twitch.tv", "rtmp://live-fra.twitch.tv/app/live_1"],
    ["LIVE-SEA.Twitch.TV", "rtmp://LIVE-SEA.Twitch.TV/app/live_1"],
    ["fra05.contribute.live-video.net", "rtmp://fra05.contribute.live-video.net/app/live_1"],
    ["ingest.global-contribute.live-video.net", "rtmp://ingest.global-contribute.live-video.net/app/live_1"],
    ["live-fra.twitch.tv:1935", "rtmp://live-fra.twitch.tv:1935/app/live_1"],
  ])("Twitch ingest server %s", (server, expected) => {
    expect(buildTwitchRtmpUrl("live_1", server)).toBe(expected);
  });

  test("keys with dots that aren't only dots are fine", () => {
    expect(buildYouTubeRtmpUrl(".a.b.")).toBe("rtmp://a.rtmp.youtube.com/live2/.a.b.");
  });

  test.each([
    ["custom without URL", () => buildDestination("custom", "k"), "customRtmpUrl is required for custom destinations."],
    ["http scheme", () => buildDestination("custom", "k", { customRtmpUrl: "http://x.example/app" }), "customRtmpUrl must be an rtmp:// or rtmps:// URL with a host, like rtmp://live.example.com/app."],
    ["javascript scheme", () => buildDestination("custom", "k", { customRtmpUrl: "javascript:alert(1)" }), "customRtmpUrl must be an rtmp:// or rtmps:// URL with a host, like rtmp://live.example.com/app."],
    ["no host", () => buildDestination("custom", "k", { customRtmpUrl: "rtmp:///app" }), "customRtmpUrl must be an rtmp:// or rtmps:// URL with a host, like rtmp://live.example.com/app."],
    ["not a URL", () => buildDestination("custom", "k", { customRtmpUrl: "live.example.com/app" }), "customRtmpUrl must be an rtmp:// or rtmps:// URL with a host, like rtmp://live.example.com/app."],
    ["query in URL", () => buildDestination("custom", "k", { customRtmpUrl: "rtmp://x.example/app?key=1" }), "customRtmpUrl must not have a query or fragment; give the stream key separately."],
    ["credentials in URL", () => buildDestination("custom", "k", { customRtmpUrl: "rtmp://u:p@x.example/app" }), "customRtmpUrl must not contain credentials."],
    ["key with slash", () => buildYouTubeRtmpUrl("a/b"), "streamKey must not contain '/', '?', '#', '%', '\\', whitespace or control characters."],
    ["key with query", () => buildDestination("twitch", "a?b=1"), "streamKey must not contain '/', '?', '#', '%', '\\', whitespace or control characters."],
    ["key with fragment", () => buildDestination("youtube", "a#b"), "streamKey must not contain '/', '?', '#', '%', '\\', whitespace or control characters."],
    ["key with space", () => buildDestination("youtube", "a b"), "streamKey must not contain '/', '?', '#', '%', '\\', whitespace or control characters."],
    ["key with newline", () => buildDestination("youtube", "a\nb"), "streamKey must not contain '/', '?', '#', '%', '\\', whitespace or control characters."],
    ["key with NUL", () => buildDestination("youtube", "a\u0000b"), "streamKey must not contain '/', '?', '#', '%', '\\', whitespace or control characters."],
    ["empty key", () => buildDestination("youtube", ""), "streamKey is required."],
    ["huge key", () => buildDestination("youtube", "k".repeat(513)), "streamKey must be at most 512 characters."],
    ["key with percent-encoding", () => buildDestination("youtube", "a%2F..%2Fb"), "streamKey must not contain '/', '?', '#', '%', '\\', whitespace or control characters."],
    ["key '.'", () => buildDestination("youtube", "."), "streamKey must not be only dots, like '.' or '..'."],
    ["key '..' (rtmp://…/live2/.. is the host's root)", () => buildDestination("youtube", ".."), "streamKey must not be only dots, like '.' or '..'."],
    ["key '...'", () => buildDestination("custom", "...", { customRtmpUrl: "rtmp://live.example.com/app" }), "streamKey must not be only dots, like '.' or '..'."],
    ["twitch server with path", () => buildTwitchRtmpUrl("k", "evil.example/x"), twitchServerProblem],
    ["twitch server with scheme", () => buildTwitchRtmpUrl("k", "rtmp://live.twitch.tv"), twitchServerProblem],
    ["twitch server elsewhere", () => buildTwitchRtmpUrl("k", "evil.example"), twitchServerProblem],
    ["twitch server on loopback", () => buildTwitchRtmpUrl("k", "127.0.0.1"), twitchServerProblem],
    ["twitch server localhost", () => buildTwitchRtmpUrl("k", "localhost"), twitchServerProblem],
    ["twitch server as an integer IP", () => buildTwitchRtmpUrl("k", "2130706433"), twitchServerProblem],
    ["twitch server whose name ends like Twitch's", () => buildTwitchRtmpUrl("k", "live.eviltwitch.tv"), twitchServerProblem],
    ["twitch server under a Twitch-like name", () => buildTwitchRtmpUrl("k", "live.twitch.tv.evil.example"), twitchServerProblem],
    ["twitch server two labels deep", () => buildTwitchRtmpUrl("k", "a.b.twitch.tv"), twitchServerProblem],
    ["twitch's bare domain", () => buildTwitchRtmpUrl("k", "twitch.tv"), twitchServerProblem],
    ["twitch server with userinfo", () => buildTwitchRtmpUrl("k", "x@live.twitch.tv"), twitchServerProblem],
  ])("refuses %s", (_name, build, message) => {
    let thrown: unknown;
    try {
      build();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(LivestreamError);
    expect(thrown).toMatchObject({ code: "bad_request", message });
  });
});

describe("protocolOf", () => {
  test("reads the scheme", () => {
    expect(protocolOf("rtmp://h/app/k")).toBe("rtmp");
    expect(protocolOf("rtmps://h/app/k")).toBe("rtmps");
    expect(() => protocolOf("srt://h:1/k")).toThrow("Every destination must be an rtmp:// or rtmps:// URL.");
  });
});

describe("playback URLs", () => {
  test("HLS and thumbnails", () => {
    expect(getMuxPlaybackUrl("abc123")).toBe("https://stream.mux.com/abc123.m3u8");
    expect(getMuxThumbnailUrl("abc123")).toBe("https://image.mux.com/abc123/thumbnail.jpg");
    expect(getMuxThumbnailUrl("abc123", { width: 640, height: 360, time: 10 })).toBe(
      "https://image.mux.com/abc123/thumbnail.jpg?width=640&height=360&time=10",
    );
    // time=0 is the first frame, a real choice: kept, not dropped as falsy
    expect(getMuxThumbnailUrl("abc123", { time: 0 })).toBe("https://image.mux.com/abc123/thumbnail.jpg?time=0");
  });
});
