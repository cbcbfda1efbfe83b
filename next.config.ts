import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";
import { livekitPublicUrl } from "@golive/next/config";
import { withGolive } from "@golive/next/next-config";
import { securityHeaders } from "./src/lib/security-headers";
import { UNLOGGED_REQUESTS } from "./src/lib/unlogged-requests";

/**
 * The LiveKit URL browsers connect to, if it is set when the headers are made (`next build`
 * for `next start`, which serves the headers the build wrote): the CSP then names that
 * project; unset, it allows LiveKit Cloud's hosts.
 */
function livekitUrlAtBuild(): string | null {
  try {
    return livekitPublicUrl();
  } catch {
    return null; // not configured (or malformed: the app reports that when it needs it)
  }
}

export default function config(phase: string): NextConfig {
  const development = phase === PHASE_DEVELOPMENT_SERVER;
  return withGolive({
    // PGlite loads its WebAssembly and data files relative to its own module; bundling
    // it would break those paths, so Node loads it from node_modules as is.
    serverExternalPackages: ["@electric-sql/pglite"],
    poweredByHeader: false,
    // `next dev` serves its dev resources (HMR, client chunks in dev) only to the origins it
    // knows; without these the pages never hydrate at 127.0.0.1 or [::1].
    allowedDevOrigins: ["localhost", "127.0.0.1", "[::1]"],
    // No secret in a log line (docs/architecture.md, "Security model"): `next dev` would log
    // share and invite tokens with the request URL (src/lib/unlogged-requests.ts); withGolive
    // turns off the logging of server actions' arguments (stream keys of goLive / updateLivestream).
    logging: { incomingRequests: { ignore: [...UNLOGGED_REQUESTS] } },
    // Server actions' bodies, capped before Next decodes them (its default is 1 MB). The
    // actions then hold their arguments to the routes' 64 KiB of JSON (@golive/next/http);
    // this cap leaves room for the action encoding's own overhead above that.
    experimental: { serverActions: { bodySizeLimit: "128kb" } },
    async headers() {
      return [{ source: "/:path*", headers: securityHeaders({ development, livekitUrl: livekitUrlAtBuild() }) }];
    },
  });
}
