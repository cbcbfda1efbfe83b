// `withGolive(nextConfig)`: what golive needs of a host's next.config, in one call
// (docs/architecture.md, "The host"). Imports nothing of Next.js at run time.
import type { NextConfig } from "next";

/**
 * TypeScript source Next must compile: golive itself, and the offline sandbox a host's
 * instrumentation starts under `next dev` (packages/sandbox/README.md, "In your own app") —
 * without it in the list `next dev` 16 refuses the sandbox's `.ts` files ("Unknown module type").
 * Naming a package a host hasn't installed costs nothing: Next only matches the names.
 */
const PACKAGES = ["@golive/next", "@golive/sandbox"];

/**
 * The host's config plus golive's needs: the packages are TypeScript source, so Next compiles
 * them like the app (`transpilePackages`); and server actions' arguments are not logged
 * (`logging.serverFunctions: false`): goLive's and updateLivestream's carry stream keys.
 */
export function withGolive(config: NextConfig = {}): NextConfig {
  const transpilePackages = [...new Set([...(config.transpilePackages ?? []), ...PACKAGES])];
  const logging = config.logging === false ? false : { ...config.logging, serverFunctions: false };
  return { ...config, transpilePackages, logging };
}
