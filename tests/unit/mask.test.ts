import { describe, expect, test, vi } from "vitest";
import { boundUpstreamText, maskRecognisedKeys, maskRtmpUrl, maskSecret, redact, redactUpstreamText } from "@golive/next/destinations";

test("long secrets keep 4 characters at each end", () => {
  expect(maskSecret("abcd1234efgh5678wxyz")).toBe("abcd…wxyz");
});

test("short secrets reveal nothing", () => {
  expect(maskSecret("short")).toBe("••••");
  expect(maskSecret("")).toBe("••••");
});

test("ingest URLs keep their host and mask the key", () => {
  expect(maskRtmpUrl("rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop")).toBe("rtmp://a.rtmp.youtube.com/live2/abcd…mnop");
});

test("redact replaces every occurrence of every secret", () => {
  const key = "live_0123456789abcdef";
  expect(redact(`bad url rtmp://x/app/${key} (${key})`, [key, ""])).toBe("bad url rtmp://x/app/live…cdef (live…cdef)");
});

describe("redactUpstreamText", () => {
  const muxKey = "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0";

  test("masks the key of every rtmp:// and rtmps:// URL, known or not", () => {
    const text = `rtmp connect failed: rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop (then RTMPS://live.twitch.tv:443/app/live_123456789_abcdefgh)`;
    expect(redactUpstreamText(text)).toBe(
      "rtmp connect failed: rtmp://a.rtmp.youtube.com/live2/abcd…mnop (then RTMPS://live.twitch.tv:443/app/live…efgh)",
    );
  });

  test("masks every known key wherever it appears, in a URL or not", () => {
    const text = `rtmps://global-live.mux.com:443/app/${muxKey}: stream key ${muxKey} is disabled`;
    const out = redactUpstreamText(text, [muxKey, null, undefined, ""]);
    expect(out).toBe("rtmps://global-live.mux.com:443/app/0f1e…e1f0: stream key 0f1e…e1f0 is disabled");
    expect(out).not.toContain(muxKey);
  });

  test("sentence punctuation, quotes and a live=1 suffix are not part of the key", () => {
    expect(redactUpstreamText(`dial "rtmp://x.example/app/secretkey-0123456789". Retrying.`)).toBe('dial "rtmp://x.example/app/secr…6789". Retrying.');
    expect(redactUpstreamText("rtmp://x.example/app/secretkey-0123456789, rtmp://y.example/app/other-key-abcdefgh live=1")).toBe(
      "rtmp://x.example/app/secr…6789, rtmp://y.example/app/othe…efgh live=1",
    );
  });

  test("LiveKit's mux:// shorthand is a URL with a key too", () => {
    expect(redactUpstreamText(`bad output mux://${muxKey}`)).toBe("bad output mux://0f1e…e1f0");
  });

  test("a URL without a key, text without URLs and already masked text are left as they are", () => {
    expect(redactUpstreamText("could not resolve rtmp://a.rtmp.youtube.com")).toBe("could not resolve rtmp://a.rtmp.youtube.com");
    expect(redactUpstreamText("connection refused")).toBe("connection refused");
    const masked = redactUpstreamText(`rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop and rtmp://x/app/{abc...xyz}`);
    expect(masked).toBe("rtmp://a.rtmp.youtube.com/live2/abcd…mnop and rtmp://x/app/{abc...xyz}");
    expect(redactUpstreamText(masked)).toBe(masked);
  });
});

describe("maskRecognisedKeys (keys known only by a test, e.g. a keyed hash)", () => {
  const keys = new Set(["yt-key-0123456789", "short"]);
  const isKey = vi.fn((candidate: string) => keys.has(candidate));
  const lengths = [...keys].map((k) => k.length);

  test("masks each recognised key wherever it is, in or out of a URL, next to punctuation", () => {
    expect(maskRecognisedKeys("key yt-key-0123456789 refused (key=yt-key-0123456789); short, rtmp://h/app/yt-key-0123456789", lengths, isKey)).toBe(
      "key yt-k…6789 refused (key=yt-k…6789); ••••, rtmp://h/app/yt-k…6789",
    );
  });

  test("tests only substrings of the keys' lengths within runs a key can hold", () => {
    isKey.mockClear();
    maskRecognisedKeys("ab/cd efgh", [4], isKey);
    expect(isKey.mock.calls).toEqual([["efgh"]]);
  });

  test("text without keys, and no lengths, stay as they are", () => {
    expect(maskRecognisedKeys("connection reset by peer", lengths, isKey)).toBe("connection reset by peer");
    expect(maskRecognisedKeys("yt-key-0123456789", [], isKey)).toBe("yt-key-0123456789");
  });
});

describe("boundUpstreamText", () => {
  test("short text is kept whole", () => {
    expect(boundUpstreamText("connection reset", 100)).toBe("connection reset");
  });

  test("a cut never leaves part of a key: it goes back to the start of the run it falls in", () => {
    expect(boundUpstreamText("refused rtmp://h/app/secret-key-0123456789 because", 30)).toBe("refused rtmp://h/app/…");
    expect(boundUpstreamText("a b c d e f", 4)).toBe("a b …");
  });
});
