// The service's host check with the environment: LIVESTREAM_ALLOWED_RTMP_HOSTS, and when
// names are resolved. node:dns is replaced by a fake here, so nothing is ever looked up.
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";

const lookup = vi.hoisted(() => vi.fn());
vi.mock("node:dns/promises", () => ({ lookup, default: { lookup } }));

// The setup file (tests/support/golive-host.ts) loads golive before this file's mock applies:
// load golive's entries afresh, so they take node:dns/promises from the mock.
vi.resetModules();
const { EnvError, rtmpHostPolicy } = await import("@golive/next/config");
const { assertPublicDestinations } = await import("@golive/next/destinations");

const custom = (host: string) => ({ type: "custom", rtmpUrl: `rtmp://${host}/app/key-123` });
const notPublic = "additionalDestinations[0].customRtmpUrl must point at a public RTMP server, not a loopback, private or link-local address.";

beforeEach(() => {
  lookup.mockReset();
  lookup.mockResolvedValue([{ address: "10.0.0.7", family: 4 }]);
  vi.stubEnv("LIVESTREAM_ALLOWED_RTMP_HOSTS", "");
  vi.stubEnv("LIVESTREAM_SANDBOX", "");
});
afterEach(() => vi.unstubAllEnvs());

describe("when names are resolved", () => {
  test("under Vitest (NODE_ENV=test): never", async () => {
    vi.stubEnv("NODE_ENV", "test");
    expect(rtmpHostPolicy().resolveNames).toBe(false);
    await expect(assertPublicDestinations([custom("internal-only.example")])).resolves.toBeUndefined();
    expect(lookup).not.toHaveBeenCalled();
  });

  test("against the offline sandbox (LIVESTREAM_SANDBOX=1): never", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("LIVESTREAM_SANDBOX", "1");
    await expect(assertPublicDestinations([custom("internal-only.example")])).resolves.toBeUndefined();
    expect(lookup).not.toHaveBeenCalled();
  });

  test("otherwise, with dns.promises.lookup({ all: true }); a name that resolves only privately is refused", async () => {
    vi.stubEnv("NODE_ENV", "production");
    expect(rtmpHostPolicy()).toEqual({ allowedHosts: [], resolveNames: true });
    await expect(assertPublicDestinations([custom("internal-only.example")])).rejects.toMatchObject({
      code: "bad_request",
      message:
        "additionalDestinations[0].customRtmpUrl must point at a public RTMP server: its host resolves only to loopback, private or link-local addresses.",
    });
    expect(lookup).toHaveBeenCalledWith("internal-only.example", { all: true });

    lookup.mockResolvedValue([{ address: "93.184.215.14", family: 4 }]);
    await expect(assertPublicDestinations([custom("live.example.com")])).resolves.toBeUndefined();
  });

  test("a name the system resolver can't look up is refused with a sentence naming the field and host", async () => {
    vi.stubEnv("NODE_ENV", "production");
    lookup.mockRejectedValue(Object.assign(new Error("getaddrinfo ENOTFOUND"), { code: "ENOTFOUND" }));
    await expect(assertPublicDestinations([custom("nowhere.example")], "addDestinations")).rejects.toMatchObject({
      code: "bad_request",
      message: "addDestinations[0].customRtmpUrl: We couldn't look up nowhere.example to check that it is a public RTMP server. Check the address, or try again in a moment.",
    });
  });

  test("literal private addresses are refused whatever the mode, without a lookup", async () => {
    vi.stubEnv("NODE_ENV", "test");
    await expect(assertPublicDestinations([custom("0x7f000001")])).rejects.toMatchObject({ code: "bad_request", message: notPublic });
    vi.stubEnv("NODE_ENV", "production");
    await expect(assertPublicDestinations([custom("[fd00:ec2::254]")])).rejects.toMatchObject({ message: notPublic });
    expect(lookup).not.toHaveBeenCalled();
  });
});

describe("LIVESTREAM_ALLOWED_RTMP_HOSTS", () => {
  test("allow-listed hosts, addresses and ranges pass", async () => {
    vi.stubEnv("NODE_ENV", "production");
    vi.stubEnv("LIVESTREAM_ALLOWED_RTMP_HOSTS", " rtmp.corp.example , 10.0.0.0/8,fd00::/8 ");
    expect(rtmpHostPolicy().allowedHosts).toEqual(["rtmp.corp.example", "10.0.0.0/8", "fd00::/8"]);
    await expect(assertPublicDestinations([custom("10.1.2.3"), custom("rtmp.corp.example"), custom("[fd00::5]")])).resolves.toBeUndefined();
    // Allowed by name: not resolved at all.
    expect(lookup).not.toHaveBeenCalled();
    // A name resolving into an allowed range passes too.
    await expect(assertPublicDestinations([custom("edge.corp.example")])).resolves.toBeUndefined();
    expect(lookup).toHaveBeenCalledWith("edge.corp.example", { all: true });
    // Outside the list: still refused.
    await expect(assertPublicDestinations([custom("192.168.0.1")])).rejects.toMatchObject({ message: notPublic });
  });

  test("a malformed list fails naming the variable, without echoing it", async () => {
    vi.stubEnv("LIVESTREAM_ALLOWED_RTMP_HOSTS", "rtmp.corp.example,http://secret-host.example/,10.0.0.0/33");
    const error = await assertPublicDestinations([custom("live.example.com")]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EnvError);
    expect(error).toMatchObject({
      message:
        "Invalid environment: LIVESTREAM_ALLOWED_RTMP_HOSTS must be comma-separated host names, IP addresses or CIDR ranges, like rtmp.corp.example,10.20.0.0/16.",
      variables: ["LIVESTREAM_ALLOWED_RTMP_HOSTS"],
    });
    // Going live without extra destinations doesn't depend on it.
    await expect(assertPublicDestinations([])).resolves.toBeUndefined();
  });
});
