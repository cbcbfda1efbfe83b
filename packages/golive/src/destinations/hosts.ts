// Which hosts an RTMP destination may point at: no loopback, private, link-local or metadata
// address unless allow-listed, since the egress dials it (docs/architecture.md, "Security model";
// tests/unit/destination-hosts.test.ts). Pure: the resolver is passed in.
import { badRequest } from "../contract";

export type IpAddress = { version: 4 | 6; bytes: readonly number[] };
export type ParsedHost = { kind: "ip"; ip: IpAddress } | { kind: "name"; name: string };

type Subnet = { version: 4 | 6; bytes: readonly number[]; bits: number };

const subnet = (address: string, bits: number): Subnet => {
  const ip = parseIp(address);
  if (!ip) throw new Error(`not an IP address: ${address}`);
  return { ...ip, bits };
};

function inSubnet(ip: IpAddress, net: Subnet): boolean {
  if (ip.version !== net.version) return false;
  for (let bit = 0; bit < net.bits; bit += 8) {
    const index = bit / 8;
    const mask = net.bits - bit >= 8 ? 0xff : (0xff << (8 - (net.bits - bit))) & 0xff;
    if (((ip.bytes[index] ?? 0) & mask) !== ((net.bytes[index] ?? 0) & mask)) return false;
  }
  return true;
}

// IANA's special-purpose IPv4 registry, and the ranges that are private by convention.
const NON_PUBLIC_V4: readonly Subnet[] = [
  subnet("0.0.0.0", 8), // "this network", includes the unspecified 0.0.0.0
  subnet("10.0.0.0", 8), // private
  subnet("100.64.0.0", 10), // carrier-grade NAT (also Alibaba's metadata 100.100.100.200)
  subnet("127.0.0.0", 8), // loopback
  subnet("169.254.0.0", 16), // link-local, includes the cloud metadata 169.254.169.254
  subnet("172.16.0.0", 12), // private
  subnet("192.0.0.0", 24), // IETF protocol assignments
  subnet("192.0.2.0", 24), // documentation
  subnet("192.88.99.0", 24), // 6to4 relay anycast (deprecated)
  subnet("192.168.0.0", 16), // private
  subnet("198.18.0.0", 15), // benchmarking
  subnet("198.51.100.0", 24), // documentation
  subnet("203.0.113.0", 24), // documentation
  subnet("224.0.0.0", 4), // multicast
  subnet("240.0.0.0", 4), // reserved, includes broadcast 255.255.255.255
];

// IPv6: only global unicast (2000::/3) can be a public server. That alone refuses ::, ::1,
// IPv4-compatible ::/96, fc00::/7 (unique-local, includes AWS's metadata fd00:ec2::254),
// fe80::/10, fec0::/10 and ff00::/8. These are special inside 2000::/3:
const GLOBAL_UNICAST_V6 = subnet("2000::", 3);
const NON_PUBLIC_V6: readonly Subnet[] = [
  subnet("2001::", 23), // IETF protocol assignments, includes Teredo 2001::/32
  subnet("2001:db8::", 32), // documentation
  subnet("3fff::", 20), // documentation
];
// Addresses that carry an IPv4 address: judged by that address. (IPv4-mapped ::ffff:a.b.c.d
// is read as a.b.c.d right away, in parseIpv6.)
const NAT64_V6 = subnet("64:ff9b::", 96); // NAT64 well-known prefix, a.b.c.d in the last 32 bits
const SIX_TO_FOUR_V6 = subnet("2002::", 16); // 6to4, a.b.c.d in bits 16–48

/** Names under these never name a public server (RFC 6761 localhost, mDNS, ICANN's private-use TLD, home networks). */
const LOCAL_SUFFIXES = ["localhost", "local", "internal", "home.arpa"];

/**
 * Reads a host (a URL's hostname: an IPv4 address in any notation, a bracketed IPv6
 * address or a name) the way an RTMP client's resolver would, or null when it is none of
 * those. rtmp:// is not a WHATWG "special" scheme, so `new URL("rtmp://0x7f000001/").hostname`
 * stays "0x7f000001"; parsed as an http:// host the WHATWG parser applies its IPv4 number
 * parser (0x7f000001, 0177.0.0.1, 127.1, 2130706433 → 127.0.0.1), percent-decoding and IDNA.
 */
export function parseHost(host: string): ParsedHost | null {
  // Anything that would make `http://${host}/` mean another host, a port or credentials.
  if (host === "" || /[/\\?#@\s]/.test(host) || (host.includes(":") && !/^\[[0-9a-f:.]+\]$/i.test(host))) return null;
  let hostname: string;
  try {
    const url = new URL(`http://${host}/`);
    if (url.port !== "" || url.username !== "" || url.pathname !== "/") return null;
    hostname = url.hostname;
  } catch {
    return null;
  }
  if (hostname.startsWith("[")) {
    const ip = parseIpv6(hostname.slice(1, -1));
    return ip ? { kind: "ip", ip } : null;
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(hostname)) {
    // The WHATWG parser only leaves a dotted quad behind when the host was an IPv4 address.
    const bytes = hostname.split(".").map(Number);
    return bytes.every((b) => b <= 255) ? { kind: "ip", ip: { version: 4, bytes } } : null;
  }
  const name = hostname.endsWith(".") ? hostname.slice(0, -1) : hostname;
  const labels = name.split(".");
  const valid = name.length <= 253 && labels.every((l) => /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/.test(l));
  return valid ? { kind: "name", name } : null;
}

/** An IP address as a resolver returns it (IPv6 may carry a %zone), or null. */
export function parseIp(address: string): IpAddress | null {
  const bare = address.replace(/%.*$/, "");
  const host = parseHost(bare.includes(":") ? `[${bare}]` : bare);
  return host?.kind === "ip" ? host.ip : null;
}

/** IPv6 as the WHATWG serializer writes it: lowercase hex groups, at most one "::", no dotted tail. */
function parseIpv6(text: string): IpAddress | null {
  const halves = text.split("::");
  if (halves.length > 2) return null;
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  const head = groups(halves[0]);
  const tail = groups(halves[1]);
  const missing = 8 - head.length - tail.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const all = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill("0"), ...tail];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return null;
  const bytes = all.flatMap((g) => {
    const n = parseInt(g, 16);
    return [n >> 8, n & 0xff];
  });
  // An IPv4-mapped address (::ffff:0:0/96) is the IPv4 address: that is what a socket connects to.
  const mapped = bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff;
  return mapped ? { version: 4, bytes: bytes.slice(12) } : { version: 6, bytes };
}

/** False for loopback, private, link-local, unique-local, CGNAT, unspecified, multicast, reserved and documentation addresses. */
export function isPublicAddress(ip: IpAddress): boolean {
  if (ip.version === 4) return !NON_PUBLIC_V4.some((net) => inSubnet(ip, net));
  if (inSubnet(ip, NAT64_V6)) return isPublicAddress({ version: 4, bytes: ip.bytes.slice(12) });
  if (inSubnet(ip, SIX_TO_FOUR_V6)) return isPublicAddress({ version: 4, bytes: ip.bytes.slice(2, 6) });
  return inSubnet(ip, GLOBAL_UNICAST_V6) && !NON_PUBLIC_V6.some((net) => inSubnet(ip, net));
}

/** `localhost`, `*.localhost` and the like, and single-label names (resolved through search domains, never public). */
export function isLocalName(name: string): boolean {
  const lower = name.toLowerCase().replace(/\.$/, "");
  return !lower.includes(".") || LOCAL_SUFFIXES.some((suffix) => lower === suffix || lower.endsWith(`.${suffix}`));
}

/** The operator's exceptions: host names, IP addresses and CIDR ranges. */
export type HostAllowList = { names: ReadonlySet<string>; subnets: readonly Subnet[] };

export const EMPTY_ALLOW_LIST: HostAllowList = { names: new Set(), subnets: [] };

/**
 * Reads LIVESTREAM_ALLOWED_RTMP_HOSTS entries ("rtmp.internal.example", "10.0.0.5",
 * "10.20.0.0/16", "fd00::/8"). packages/golive/src/config/env.ts has already refused malformed entries;
 * one that still can't be read here allows nothing.
 */
export function parseHostAllowList(entries: readonly string[]): HostAllowList {
  const names = new Set<string>();
  const subnets: Subnet[] = [];
  for (const entry of entries.map((e) => e.trim()).filter((e) => e !== "")) {
    const [address = "", prefix, ...rest] = entry.split("/");
    const ip = parseIp(address);
    if (ip) {
      const max = ip.version === 4 ? 32 : 128;
      // A mapped IPv6 prefix (::ffff:10.0.0.0/104) becomes its IPv4 prefix.
      const given = prefix === undefined ? max : /^\d{1,3}$/.test(prefix) ? Number(prefix) - (address.includes(":") && ip.version === 4 ? 96 : 0) : NaN;
      if (rest.length === 0 && given >= 0 && given <= max) subnets.push({ ...ip, bits: given });
      continue;
    }
    const host = prefix === undefined ? parseHost(address) : null;
    if (host?.kind === "name") names.add(host.name);
  }
  return { names, subnets };
}

function isAllowedAddress(ip: IpAddress, allow: HostAllowList): boolean {
  return allow.subnets.some((net) => inSubnet(ip, net));
}

/** What a destination's host is, before any lookup. */
export type HostVerdict = "invalid" | "refused" | "allowed" | "public-address" | "name";

/** Judges a host as written (a URL's hostname). "name" is a name that may still resolve to a non-public address. */
export function judgeHost(host: string, allow: HostAllowList = EMPTY_ALLOW_LIST): HostVerdict {
  const parsed = parseHost(host);
  if (!parsed) return "invalid";
  if (parsed.kind === "ip") {
    if (isAllowedAddress(parsed.ip, allow)) return "allowed";
    return isPublicAddress(parsed.ip) ? "public-address" : "refused";
  }
  if (allow.names.has(parsed.name)) return "allowed";
  return isLocalName(parsed.name) ? "refused" : "name";
}

/** Resolves a host name to its IP addresses (dns.promises.lookup with `all: true`, in the app). */
export type Resolver = (name: string) => Promise<readonly string[]>;

export type HostCheckOptions = {
  allow?: HostAllowList;
  /** null: don't resolve names (tests, the offline sandbox). */
  resolve?: Resolver | null;
  /** How long a lookup may take before the name is refused as one we couldn't look up. */
  timeoutMs?: number;
  /** The request's list the destinations came in, for messages (PATCH adds with `addDestinations`). */
  list?: string;
};

export const LOOKUP_TIMEOUT_MS = 2_000;

type DestinationLike = { type: string; rtmpUrl: string };

/** The request field a destination's host came from, so the message names what the caller wrote. */
const hostField = (type: string) => (type === "custom" ? "customRtmpUrl" : type === "twitch" ? "twitchIngestServer" : "rtmpUrl");

const notPublic = (field: string) =>
  badRequest(`${field} must point at a public RTMP server, not a loopback, private or link-local address.`);

/**
 * Throws a 400 naming `<list>[i].<field>` (`additionalDestinations` unless `options.list` says) for the first destination whose
 * host is not public and not allow-listed: an address or local name as written, or (with
 * a resolver) a name that resolves only to such addresses. A lookup that fails, answers no
 * address or takes longer than `timeoutMs` refuses the name too: an unchecked name is one
 * that may still point inside the egress's network (a resolver that errs for us may answer
 * the egress; docs/architecture.md, "Security model").
 */
export async function assertPublicDestinationHosts(destinations: readonly DestinationLike[], options: HostCheckOptions = {}): Promise<void> {
  const allow = options.allow ?? EMPTY_ALLOW_LIST;
  const names: { index: number; field: string; name: string }[] = [];
  destinations.forEach((d, index) => {
    const field = `${options.list ?? "additionalDestinations"}[${index}].${hostField(d.type)}`;
    let host: string;
    try {
      host = new URL(d.rtmpUrl).hostname;
    } catch {
      throw badRequest(`${field} must be an rtmp:// or rtmps:// URL with a host.`);
    }
    const verdict = judgeHost(host, allow);
    if (verdict === "invalid") throw badRequest(`${field} must have a valid host name or IP address.`);
    if (verdict === "refused") throw notPublic(field);
    const parsed = parseHost(host);
    if (verdict === "name" && parsed?.kind === "name") names.push({ index, field, name: parsed.name });
  });

  const resolve = options.resolve;
  if (!resolve || names.length === 0) return;
  const timeoutMs = options.timeoutMs ?? LOOKUP_TIMEOUT_MS;
  // In parallel, each name once: the request waits at most one timeout.
  const lookups = new Map<string, Promise<readonly string[] | null>>();
  for (const { name } of names) if (!lookups.has(name)) lookups.set(name, lookupWithin(resolve, name, timeoutMs));
  const answers = await Promise.all(names.map((n) => lookups.get(n.name)));
  names.forEach((n, i) => {
    const addresses = (answers[i] ?? []).map(parseIp).filter((ip): ip is IpAddress => ip !== null);
    if (addresses.length === 0) throw couldNotLookUp(n.field, n.name);
    if (addresses.every((ip) => !isPublicAddress(ip) && !isAllowedAddress(ip, allow))) {
      throw badRequest(`${n.field} must point at a public RTMP server: its host resolves only to loopback, private or link-local addresses.`);
    }
  });
}

const couldNotLookUp = (field: string, name: string) =>
  badRequest(`${field}: We couldn't look up ${name} to check that it is a public RTMP server. Check the address, or try again in a moment.`);

/** The resolver's answer, or null when it failed or took longer than `ms`. */
async function lookupWithin(resolve: Resolver, name: string, ms: number): Promise<readonly string[] | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<null>((done) => {
    timer = setTimeout(() => done(null), ms);
  });
  const lookup = Promise.resolve()
    .then(() => resolve(name))
    .catch(() => null);
  try {
    return await Promise.race([lookup, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
