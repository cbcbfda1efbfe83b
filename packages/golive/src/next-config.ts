// `withGolive(nextConfig)`: what golive needs of a host's next.config, in one call
// (docs/architecture.md, "The host"). Imports nothing of Next.js at run time.
import type { NextConfig } from "next";

const PACKAGE = "@golive/next";

/**
 * The host's config plus golive's needs: the package is TypeScript source, so Next compiles
 * it like the app (`transpilePackages`); and server actions' arguments are not logged
 * (`logging.serverFunctions: false`): goLive's and updateLivestream's carry stream keys.
 */
export function withGolive(config: NextConfig = {}): NextConfig {
  const transpilePackages = [...new Set([...(config.transpilePackages ?? []), PACKAGE])];
  const logging = config.logging === false ? false : { ...config.logging, serverFunctions: false };
  return { ...config, transpilePackages, logging };
}
