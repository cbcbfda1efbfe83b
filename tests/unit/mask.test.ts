import { expect, test } from "vitest";
import { maskRtmpUrl, maskSecret, redact } from "@/lib/video/mask";

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
