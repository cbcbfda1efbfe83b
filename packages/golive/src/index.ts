// The package's root entry: the one call a host app makes (docs/architecture.md, "The host").
// Everything else is imported from a concept's entry, e.g. @golive/next/livestream.
import { bindHostIdentity, type HostIdentity } from "./config";
import { bindDatabase, type Database } from "./db";

export type GoliveHost = HostIdentity & {
  /** The host's Drizzle Postgres database, opened on first call. golive's tables must be migrated into it. */
  db: () => Promise<Database>;
};

/** Binds golive to the host app: call once, at module load of the host file, before any golive call. */
export function configureGolive(host: GoliveHost): void {
  bindDatabase(host.db);
  bindHostIdentity({ secret: host.secret, userNames: host.userNames });
}

export type { Database };
