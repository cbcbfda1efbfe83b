// What the host lends golive besides its database: a secret and its users' names, bound once by
// createGolive (../index.ts) and kept on globalThis (docs/architecture.md, "The host").
import { EnvError } from "./read-env";

export type HostIdentity = {
  /** At least 32 characters: keys invite and share-link signatures, and (in development) sealed URLs. */
  secret: () => string;
  /** Display names of the given user ids; ids it doesn't know may be left out. */
  userNames: (ids: readonly string[]) => Promise<ReadonlyMap<string, string>>;
};

const shared = globalThis as typeof globalThis & { __goliveHostIdentity?: HostIdentity };

export function bindHostIdentity(identity: HostIdentity): void {
  shared.__goliveHostIdentity = identity;
}

function bound(): HostIdentity {
  const identity = shared.__goliveHostIdentity;
  if (!identity) {
    throw new EnvError("golive is not configured: call createGolive() from @golive/next in the app's host file (src/lib/golive.ts) before using it.", []);
  }
  return identity;
}

export const hostSecret = (): string => bound().secret();

/** The names of `ids` ("" for an id the host doesn't know). */
export async function userNames(ids: readonly string[]): Promise<ReadonlyMap<string, string>> {
  return ids.length === 0 ? new Map() : bound().userNames([...new Set(ids)]);
}
