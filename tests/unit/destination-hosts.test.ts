// Extra RTMP destinations may not make LiveKit's egress dial into its own network: every
// notation of a loopback, private, link-local or metadata address is refused, as are
// local names and names that resolve only to such addresses (with a fake resolver here:
// no test makes a real DNS query).
import { describe, expect, test, vi } from "vitest";
import { badRequest, LivestreamError } from "@golive/next/contract";
import { assertPublicDestinationHosts, type HostCheckOptions, judgeHost, parseHost, parseHostAllowList, type Resolver } from "@golive/next/destinations";

const custom = (host: string) => ({ type: "custom", rtmpUrl: `rtmp://${host}/app/key-123` });
const notPublic = (field = "additionalDestinations[0].customRtmpUrl") =>
  `${field} must point at a public RTMP server, not a loopback, private or link-local address.`;
const resolvesPrivate = (field = "additionalDestinations[0].customRtmpUrl") =>
  `${field} must point at a public RTMP server: its host resolves only to loopback, private or link-local addresses.`;

const couldNotLookUp = (field: string, host: string) =>
  `${field}: We couldn't look up ${host} to check that it is a public RTMP server. Check the address, or try again in a moment.`;

async function refusal(destinations: { type: string; rtmpUrl: string }[], options?: HostCheckOptions): Promise<unknown> {
  try {
    await assertPublicDestinationHosts(destinations, options);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe("literal hosts that are not public are refused, in every notation", () => {
  test.each([
    // loopback
    "127.0.0.1",
    "127.1",
    "127.0.0.1.",
    "2130706433",
    "0x7f000001",
    "0x7F000001",
    "0x7f.0.0.1",
    "0177.0.0.1",
    "0177.1",
    "127.255.255.254",
    "%31%32%37.0.0.1",
    "[::1]",
    "[0:0:0:0:0:0:0:1]",
    "[::ffff:127.0.0.1]",
    "[::ffff:7f00:1]",
    "[::127.0.0.1]",
    // unspecified
    "0.0.0.0",
    "0",
    "0x",
    "[::]",
    // private, shared (CGNAT), link-local, unique-local
    "10.0.0.1",
    "10.1",
    "167772161",
    "0xa.0.0.1",
    "172.16.0.1",
    "172.31.255.255",
    "192.168.1.1",
    "100.64.0.1",
    "100.127.255.255",
    "169.254.0.1",
    "[fe80::1]",
    "[FE80::1]",
    "[febf::1]",
    "[fc00::1]",
    "[fd12:3456::1]",
    "[::ffff:10.0.0.1]",
    "[::ffff:a9fe:a9fe]",
    // cloud metadata
    "169.254.169.254",
    "2852039166",
    "[fd00:ec2::254]",
    "100.100.100.200",
    // multicast, broadcast, reserved, documentation
    "224.0.0.1",
    "239.255.255.250",
    "255.255.255.255",
    "240.0.0.1",
    "192.0.2.1",
    "198.18.0.1",
    "[ff02::1]",
    "[2001:db8::1]",
    "[fec0::1]",
    // IPv6 forms that carry a private IPv4 address
    "[64:ff9b::7f00:1]",
    "[64:ff9b::a00:1]",
    "[2002:7f00:1::1]",
    "[2002:a9fe:a9fe::]",
    "[2001::1]",
    // local names, any case, with or without the trailing dot
    "localhost",
    "LOCALHOST",
    "localhost.",
    "LocalHost.",
    "a.localhost",
    "api.LOCALHOST.",
    "metadata",
    "printer.local",
    "metadata.google.internal",
    "router.home.arpa",
  ])("%s", async (host) => {
    expect(judgeHost(new URL(`rtmp://${host}/app`).hostname)).toBe("refused");
    const error = await refusal([custom(host)]);
    expect(error).toBeInstanceOf(LivestreamError);
    expect(error).toMatchObject({ code: "bad_request", message: notPublic() });
  });

  test("the field is the one the caller wrote, with the destination's index", async () => {
    const destinations = [
      { type: "youtube", rtmpUrl: "rtmp://a.rtmp.youtube.com/live2/key-1" },
      { type: "twitch", rtmpUrl: "rtmp://127.0.0.1/app/key-2" },
    ];
    expect(await refusal(destinations)).toMatchObject({ message: notPublic("additionalDestinations[1].twitchIngestServer") });
    expect(await refusal([{ type: "youtube", rtmpUrl: "rtmps://[::1]:443/live2/k" }])).toMatchObject({
      message: notPublic("additionalDestinations[0].rtmpUrl"),
    });
  });

  test("a host no resolver could read is refused too", async () => {
    for (const host of ["a*b.example", "a..b.example", "1.2.3.4.5", "-a.example"]) {
      expect(await refusal([custom(host)])).toMatchObject({
        code: "bad_request",
        message: "additionalDestinations[0].customRtmpUrl must have a valid host name or IP address.",
      });
    }
    expect(await refusal([{ type: "custom", rtmpUrl: "not a url" }])).toMatchObject({
      message: "additionalDestinations[0].customRtmpUrl must be an rtmp:// or rtmps:// URL with a host.",
    });
  });
});

describe("public hosts pass", () => {
  test.each([
    ["live.example.com", "name"],
    ["a.rtmp.youtube.com", "name"],
    ["LIVE.Example.COM.", "name"],
    ["localhost.example.com", "name"],
    ["8.8.8.8", "public-address"],
    ["134744072", "public-address"],
    ["100.128.0.1", "public-address"],
    ["172.15.255.255", "public-address"],
    ["172.32.0.1", "public-address"],
    ["192.169.0.1", "public-address"],
    ["169.255.0.1", "public-address"],
    ["223.255.255.255", "public-address"],
    ["[2001:4860:4860::8888]", "public-address"],
    ["[::ffff:8.8.8.8]", "public-address"],
    ["[64:ff9b::808:808]", "public-address"],
    ["[2002:808:808::1]", "public-address"],
  ])("%s", async (host, verdict) => {
    expect(judgeHost(new URL(`rtmp://${host}:1935/app`).hostname)).toBe(verdict);
    expect(await refusal([custom(host)])).toBeUndefined();
  });

  test("hosts are read the way a resolver reads them", () => {
    expect(parseHost("0x7f.1")).toEqual({ kind: "ip", ip: { version: 4, bytes: [127, 0, 0, 1] } });
    expect(parseHost("[::ffff:7f00:1]")).toEqual({ kind: "ip", ip: { version: 4, bytes: [127, 0, 0, 1] } });
    expect(parseHost("Live.Example.COM.")).toEqual({ kind: "name", name: "live.example.com" });
    // Not hosts: a port, credentials or a path would make the check look at something else.
    for (const notAHost of ["", "a.example:1935", "u@a.example", "a.example/x", "a.example\\x", "::1"]) expect(parseHost(notAHost)).toBeNull();
  });
});

describe("the operator's allow-list", () => {
  const allow = parseHostAllowList(["rtmp.corp.example", "LOCALHOST.", "10.20.0.0/16", "192.168.1.7", "fd00::/8", " ", "::ffff:172.16.0.0/108"]);

  test.each([
    ["rtmp.corp.example", "allowed"],
    ["RTMP.corp.example.", "allowed"],
    ["localhost", "allowed"],
    ["10.20.3.4", "allowed"],
    ["0xa.20.3.4", "allowed"],
    ["[::ffff:10.20.0.1]", "allowed"],
    ["192.168.1.7", "allowed"],
    ["[fd00:ec2::254]", "allowed"],
    ["172.16.5.5", "allowed"],
    ["10.21.0.1", "refused"],
    ["192.168.1.8", "refused"],
    ["a.localhost", "refused"],
    ["other.corp.local", "refused"],
    ["127.0.0.1", "refused"],
  ])("%s → %s", (host, verdict) => {
    expect(judgeHost(new URL(`rtmp://${host}/app`).hostname, allow)).toBe(verdict);
  });

  test("malformed entries allow nothing", () => {
    expect(parseHostAllowList(["10.0.0.0/33", "10.0.0.0/8/8", "a b", "x.example/8", "::1/129"])).toEqual({ names: new Set(), subnets: [] });
  });
});

describe("names that resolve only to non-public addresses", () => {
  const answering = (addresses: string[]): Resolver => vi.fn(async () => addresses);

  test.each([
    [["127.0.0.1"]],
    [["10.0.0.5", "192.168.0.5"]],
    [["169.254.169.254"]],
    [["::1"]],
    [["::ffff:127.0.0.1"]],
    [["fe80::1%eth0"]],
    [["fd00:ec2::254", "10.1.2.3"]],
  ])("%j is refused", async (addresses) => {
    const resolve = answering(addresses);
    expect(await refusal([custom("sneaky.example")], { resolve })).toMatchObject({ code: "bad_request", message: resolvesPrivate() });
    expect(resolve).toHaveBeenCalledWith("sneaky.example");
  });

  test.each([
    ["a public address among them", answering(["10.0.0.5", "93.184.215.14"])],
    ["only public addresses", answering(["2606:2800:21f:cb07:6820:80da:af6b:8b2c"])],
  ])("%s is accepted", async (_name, resolve) => {
    expect(await refusal([custom("live.example.com")], { resolve })).toBeUndefined();
  });

  // Fails closed: a name we couldn't check may still point inside the egress's network.
  test.each([
    ["no answer", answering([])],
    ["answers that aren't addresses", answering(["not-an-ip"])],
    ["a failed lookup", vi.fn(async () => Promise.reject(new Error("ENOTFOUND")))],
    ["a resolver that throws", vi.fn(() => {
      throw new Error("boom");
    })],
  ])("%s is refused, naming the field and the host", async (_name, resolve) => {
    expect(await refusal([custom("good.example"), custom("live.example.com")], { resolve: async (name) => (name === "good.example" ? ["93.184.215.14"] : resolve(name)) })).toEqual(
      badRequest(couldNotLookUp("additionalDestinations[1].customRtmpUrl", "live.example.com")),
    );
  });

  test("a lookup slower than the timeout is refused, and doesn't hold the request", async () => {
    const never: Resolver = () => new Promise(() => undefined);
    const started = Date.now();
    expect(await refusal([custom("slow.example")], { resolve: never, timeoutMs: 20 })).toEqual(badRequest(couldNotLookUp("additionalDestinations[0].customRtmpUrl", "slow.example")));
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  test("a lookup within the timeout is waited for", async () => {
    const slowPublic: Resolver = () => new Promise((done) => setTimeout(() => done(["93.184.215.14"]), 30));
    expect(await refusal([custom("slow.example")], { resolve: slowPublic, timeoutMs: 500 })).toBeUndefined();
    const slowPrivate: Resolver = () => new Promise((done) => setTimeout(() => done(["10.0.0.1"]), 30));
    expect(await refusal([custom("slow.example")], { resolve: slowPrivate, timeoutMs: 500 })).toMatchObject({ message: resolvesPrivate() });
  });

  test("allow-listed names aren't resolved, and allow-listed ranges count as reachable", async () => {
    const resolve = answering(["10.20.0.9"]);
    const allow = parseHostAllowList(["rtmp.corp.example", "10.20.0.0/16"]);
    expect(await refusal([custom("rtmp.corp.example")], { resolve, allow })).toBeUndefined();
    expect(resolve).not.toHaveBeenCalled();
    expect(await refusal([custom("other.corp.example")], { resolve, allow })).toBeUndefined();
    expect(resolve).toHaveBeenCalledWith("other.corp.example");
  });

  test("literal addresses are not resolved; names are resolved once each, without the trailing dot", async () => {
    const resolve = answering(["93.184.215.14"]);
    await assertPublicDestinationHosts([custom("8.8.8.8"), custom("Live.Example.com."), { type: "twitch", rtmpUrl: "rtmp://live.twitch.tv/app/k" }], { resolve });
    expect(vi.mocked(resolve).mock.calls).toEqual([["live.example.com"], ["live.twitch.tv"]]);
  });

  test("the refused destination is named by its index", async () => {
    const resolve: Resolver = async (name) => (name === "bad.example" ? ["127.0.0.1"] : ["93.184.215.14"]);
    expect(await refusal([custom("good.example"), custom("bad.example")], { resolve })).toMatchObject({
      message: resolvesPrivate("additionalDestinations[1].customRtmpUrl"),
    });
  });

  test("without a resolver, names are judged as written only", async () => {
    expect(await refusal([custom("sneaky.example")], { resolve: null })).toBeUndefined();
  });
});
