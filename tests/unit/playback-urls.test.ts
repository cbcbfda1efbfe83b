// What the watch and recordings pages play and show (packages/golive/src/watch/playback-urls.ts): MUX's
// playback id and image.mux.com with real credentials, as before; the sandbox's stand-ins on
// loopback in sandbox mode; nothing at all in sandbox mode without a sandbox on loopback.
import { afterEach, expect, test, vi } from "vitest";
import { sandboxPlaybackOrigin } from "@golive/next/config";
import { playbackUrls } from "@golive/next/watch";
import { getMuxPlaybackUrl } from "@golive/next/destinations";

afterEach(() => vi.unstubAllEnvs());

const env = (sandbox: string, muxBaseUrl: string) => {
  vi.stubEnv("LIVESTREAM_SANDBOX", sandbox);
  vi.stubEnv("MUX_BASE_URL", muxBaseUrl);
};

test("with real credentials: mux-player gets the playback id, thumbnails come from image.mux.com", () => {
  env("", "");
  const urls = playbackUrls();
  expect(urls.player("abc123")).toEqual({ kind: "mux", playbackId: "abc123" });
  expect(urls.thumbnail("abc123", { width: 320, height: 180, time: 5 })).toBe("https://image.mux.com/abc123/thumbnail.jpg?width=320&height=180&time=5");
  // LIVESTREAM_SANDBOX=0, or a MUX_BASE_URL of MUX's own, change nothing.
  env("0", "https://api.mux.com");
  expect(playbackUrls().player("abc123")).toEqual({ kind: "mux", playbackId: "abc123" });
  expect(sandboxPlaybackOrigin()).toBeNull();
});

test("in the sandbox: the multivariant playlist and the thumbnail at MUX_BASE_URL's origin", () => {
  env("1", "http://127.0.0.1:3001");
  expect(sandboxPlaybackOrigin()).toBe("http://127.0.0.1:3001");
  const urls = playbackUrls();
  expect(urls.player("abc123")).toEqual({
    kind: "sandbox",
    src: "http://127.0.0.1:3001/stream/abc123.m3u8",
    poster: "http://127.0.0.1:3001/image/abc123/thumbnail.jpg",
  });
  expect(urls.thumbnail("abc123", { width: 320, height: 180, time: 5 })).toBe("http://127.0.0.1:3001/image/abc123/thumbnail.jpg");
  // A path on MUX_BASE_URL is not where playback is: the origin is.
  env("1", "http://localhost:4001/some/path");
  expect(sandboxPlaybackOrigin()).toBe("http://localhost:4001");
  // The API answers' playbackUrl stays MUX's public one, sandbox or not.
  expect(getMuxPlaybackUrl("abc123")).toBe("https://stream.mux.com/abc123.m3u8");
});

test("sandbox mode without a sandbox on loopback plays nothing rather than dial out", () => {
  for (const muxBaseUrl of ["", "https://api.mux.com", "http://10.0.0.5:3001", "https://127.0.0.1:3001", "http://[::1]:3001"]) {
    env("1", muxBaseUrl);
    expect(sandboxPlaybackOrigin(), muxBaseUrl).toBeNull();
    const urls = playbackUrls();
    expect(urls.player("abc123"), muxBaseUrl).toEqual({ kind: "none" });
    expect(urls.thumbnail("abc123"), muxBaseUrl).toBeNull();
  }
});

test("a signed (private) id's tokens ride along: mux-player's tokens, ?token= on the sandbox's URLs and on thumbnails", () => {
  const tokens = { playback: "v.jwt", thumbnail: "t.jwt", storyboard: "s.jwt" };
  env("", "");
  expect(playbackUrls().player("abc123", tokens)).toEqual({ kind: "mux", playbackId: "abc123", tokens });
  // A signed thumbnail's size and time are claims in its token, not query parameters.
  expect(playbackUrls().thumbnail("abc123", { width: 320, time: 5 }, "t.jwt")).toBe("https://image.mux.com/abc123/thumbnail.jpg?token=t.jwt");
  env("1", "http://127.0.0.1:3001");
  expect(playbackUrls().player("abc123", tokens)).toEqual({
    kind: "sandbox",
    src: "http://127.0.0.1:3001/stream/abc123.m3u8?token=v.jwt",
    poster: "http://127.0.0.1:3001/image/abc123/thumbnail.jpg?token=t.jwt",
  });
  expect(playbackUrls().thumbnail("abc123", { width: 320 }, "t.jwt")).toBe("http://127.0.0.1:3001/image/abc123/thumbnail.jpg?token=t.jwt");
});
