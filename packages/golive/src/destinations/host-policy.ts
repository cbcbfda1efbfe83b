import "server-only";
// The service's side of hosts.ts: the operator's allow-list and, when names are to be resolved,
// the system resolver (config's rtmpHostPolicy decides) (docs/architecture.md, "Security model").
import { lookup } from "node:dns/promises";
import { rtmpHostPolicy } from "../config";
import { assertPublicDestinationHosts, parseHostAllowList, type Resolver } from "./hosts";

/** dns.promises.lookup, as the egress's own resolver would see the name (hosts file, search domains). */
export const systemResolver: Resolver = async (name) => (await lookup(name, { all: true })).map((a) => a.address);

/**
 * Throws a 400 naming the field when an extra destination points at a loopback, private
 * or link-local host that the operator hasn't allow-listed. Runs before anything is
 * created upstream.
 */
export async function assertPublicDestinations(
  destinations: readonly { type: string; rtmpUrl: string }[],
  list = "additionalDestinations",
  resolver: Resolver = systemResolver,
): Promise<void> {
  if (destinations.length === 0) return;
  const policy = rtmpHostPolicy();
  await assertPublicDestinationHosts(destinations, {
    allow: parseHostAllowList(policy.allowedHosts),
    resolve: policy.resolveNames ? resolver : null,
    list,
  });
}
