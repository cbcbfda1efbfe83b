// The keys of a broadcast for masking upstream text: in clear while its sealed URLs exist,
// by keyed hashes after (docs/architecture.md, "Security model").
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import {
  broadcastSecrets,
  keyHashesFor,
  maskBroadcastText,
  maskerFor,
  WITHHELD_TEXT,
  sealUrls,
} from "@golive/next/destinations";

const rowId = "00000000-0000-4000-8000-000000000001";
const ytKey = "yt-key-0123456789abcd";
const twitchKey = "live_123456_abcdefghij";
const muxKey = "mux-key-0000-1111-2222";

beforeEach(() => vi.stubEnv("LIVESTREAM_ENCRYPTION_KEY", "k".repeat(40)));
afterEach(() => vi.unstubAllEnvs());

const row = (fields: { sealed?: string | null; hashes?: string[] } = {}) => ({
  id: rowId,
  muxStreamKey: muxKey,
  destinationUrlsSealed: fields.sealed ?? null,
  destinationKeyHashes: fields.hashes ?? [],
});

describe("keyHashesFor", () => {
  test("one `<length>.<HMAC>` per distinct key, bound to the row, never the key", () => {
    const hashes = keyHashesFor([ytKey, twitchKey, ytKey], rowId);
    expect(hashes).toEqual([expect.stringMatching(/^21\.[\w-]{43}$/), expect.stringMatching(/^22\.[\w-]{43}$/)]);
    expect(hashes.join()).not.toContain(ytKey.slice(4));
    expect(keyHashesFor([ytKey], "00000000-0000-4000-8000-000000000002")).not.toEqual(hashes.slice(0, 1));
  });

  test("keyed by LIVESTREAM_ENCRYPTION_KEY: another secret makes other hashes", () => {
    const before = keyHashesFor([ytKey], rowId);
    vi.stubEnv("LIVESTREAM_ENCRYPTION_KEY", "z".repeat(40));
    expect(keyHashesFor([ytKey], rowId)).not.toEqual(before);
  });
});

describe("maskBroadcastText", () => {
  const text = `stream key ${ytKey} refused; ${twitchKey} too (mux ${muxKey})`;
  const expected = "stream key yt-k…abcd refused; live…ghij too (mux mux-…2222)";

  test("while live: the sealed URLs' keys and MUX's", () => {
    const sealed = sealUrls({ a: `rtmp://a.rtmp.youtube.com/live2/${ytKey}`, b: `rtmp://live.twitch.tv/app/${twitchKey}` }, rowId);
    expect(broadcastSecrets([row({ sealed })]).keys).toEqual([muxKey, ytKey, twitchKey]);
    expect(maskerFor([row({ sealed })])(text)).toBe(expected);
  });

  test("after the end: the hashes recognise the keys", () => {
    const secrets = broadcastSecrets([row({ hashes: keyHashesFor([ytKey, twitchKey], rowId) })]);
    expect(secrets.keys).toEqual([muxKey]);
    expect(maskBroadcastText(text, secrets)).toBe(expected);
  });

  test("sealed URLs that can't be opened leave it to the hashes, without failing", () => {
    const secrets = broadcastSecrets([row({ sealed: "v1.not.a.seal", hashes: keyHashesFor([ytKey, twitchKey], rowId) })]);
    expect(maskBroadcastText(text, secrets)).toBe(expected);
  });

  test("another row's hashes don't match (they are bound to their row)", () => {
    const other = keyHashesFor([ytKey], "00000000-0000-4000-8000-000000000002");
    expect(maskBroadcastText(`key ${ytKey}`, broadcastSecrets([row({ hashes: other })]))).toBe(`key ${ytKey}`);
  });

  test("long text is bounded before it is masked", () => {
    const long = `${"x ".repeat(1_500)}${ytKey}`;
    const out = maskBroadcastText(long, broadcastSecrets([row({ hashes: keyHashesFor([ytKey], rowId) })]));
    expect(out.length).toBeLessThanOrEqual(2_001);
    expect(out).not.toContain(ytKey.slice(0, 8));
  });
});

test("without LIVESTREAM_ENCRYPTION_KEY (production) a text that can't be checked against the hashes isn't kept", () => {
  const secrets = broadcastSecrets([row({ hashes: keyHashesFor([ytKey], rowId) })]);
  vi.stubEnv("LIVESTREAM_ENCRYPTION_KEY", "");
  vi.stubEnv("NODE_ENV", "production");
  expect(maskBroadcastText(`key ${ytKey}`, secrets)).toBe(WITHHELD_TEXT);
  expect(maskBroadcastText("", secrets)).toBe("");
});
