// Sealing of live destinations' full URLs: AES-256-GCM bound to the row, failing closed.
import { afterEach, describe, expect, test, vi } from "vitest";
import { open, openUrls, seal, sealUrls, unreadableSealMessage } from "@golive/next/destinations";

const KEY = "k".repeat(32);
const OTHER_KEY = "o".repeat(32);
const ROW = "00000000-0000-4000-8000-000000000001";
const URL = "rtmp://a.rtmp.youtube.com/live2/yt12-3456-7890-abcd";

afterEach(() => vi.unstubAllEnvs());

const refused = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  return "opened";
};

describe("seal / open", () => {
  test("round trip; the sealed text holds nothing of the plaintext; each seal differs (random IV)", () => {
    const a = seal(URL, ROW, KEY);
    const b = seal(URL, ROW, KEY);
    expect(open(a, ROW, KEY)).toBe(URL);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(a).not.toContain("yt12");
  });

  test.each([
    ["a wrong key", (s: string) => open(s, ROW, OTHER_KEY)],
    ["another row's id", (s: string) => open(s, "00000000-0000-4000-8000-000000000002", KEY)],
    ["a changed ciphertext", (s: string) => open(`${s.slice(0, -2)}${s.endsWith("AA") ? "BB" : "AA"}`, ROW, KEY)],
    ["another version", (s: string) => open(s.replace(/^v1/, "v2"), ROW, KEY)],
    ["a truncated value", (s: string) => open(s.split(".").slice(0, 3).join("."), ROW, KEY)],
  ])("%s fails closed with one clear error that carries nothing of the value", (_name, tamper) => {
    const sealed = seal(URL, ROW, KEY);
    const error = refused(() => tamper(sealed));
    expect(error).toMatchObject({ code: "not_configured", message: unreadableSealMessage });
    expect(JSON.stringify(error)).not.toContain(sealed.slice(3, 20));
  });

  test("the key comes from LIVESTREAM_ENCRYPTION_KEY; production without it refuses to seal", () => {
    vi.stubEnv("LIVESTREAM_ENCRYPTION_KEY", KEY);
    const sealed = sealUrls({ d1: URL }, ROW);
    expect(openUrls(sealed, ROW)).toEqual({ d1: URL });
    expect(open(sealed, ROW, KEY)).toBe(JSON.stringify({ d1: URL }));
    vi.stubEnv("LIVESTREAM_ENCRYPTION_KEY", OTHER_KEY);
    expect(refused(() => openUrls(sealed, ROW))).toMatchObject({ code: "not_configured" });
    vi.stubEnv("LIVESTREAM_ENCRYPTION_KEY", "");
    vi.stubEnv("NODE_ENV", "production");
    expect(refused(() => sealUrls({ d1: URL }, ROW))).toMatchObject({ message: "LIVESTREAM_ENCRYPTION_KEY is required in production (at least 32 characters)." });
  });

  test("nothing sealed opens as no URLs", () => {
    expect(openUrls(null, ROW)).toEqual({});
  });
});

describe("purposes: saved destinations' keys have a key of their own", () => {
  test("a key sealed for saved destinations opens only as one, and names its own fix when it can't", () => {
    const sealed = seal("saved-key-0123456789", ROW, KEY, "saved destination keys");
    expect(open(sealed, ROW, KEY, "saved destination keys")).toBe("saved-key-0123456789");
    // The broadcasts' purpose (the default) can't open it, nor the other way round, for the same row and secret.
    expect(refused(() => open(sealed, ROW, KEY))).toMatchObject({ code: "not_configured", message: unreadableSealMessage });
    expect(refused(() => open(seal(URL, ROW, KEY), ROW, KEY, "saved destination keys", "saved"))).toMatchObject({ code: "not_configured", message: "saved" });
  });

  test("the broadcasts' purpose is the key it always was: a seal made with the default opens with it named", () => {
    expect(open(seal(URL, ROW, KEY), ROW, KEY, "destination urls")).toBe(URL);
  });
});
