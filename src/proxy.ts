// Next.js proxy: against the offline sandbox only, widens every page's Content-Security-Policy by the
// sandbox's playback origin, known only once it runs; with real credentials the build's headers stand
// (docs/architecture.md, "Module map").
import { NextResponse } from "next/server";
import { isDevelopment, livekitPublicUrl, sandboxPlaybackOrigin } from "@golive/next/config";
import { contentSecurityPolicy } from "@/lib/security-headers";

function livekitUrl(): string | null {
  try {
    return livekitPublicUrl();
  } catch {
    return null; // not configured: the CSP then allows LiveKit Cloud, as next.config.ts's does
  }
}

// next.config.ts can't do this: `next start` serves the headers `next build` wrote. Every page
// gets it, since a client-side navigation keeps the CSP of the page it started on; LiveKit is then
// NEXT_PUBLIC_LIVEKIT_URL as it is now (the sandbox's), not the build's LiveKit Cloud hosts.
export function proxy(): NextResponse {
  const origin = sandboxPlaybackOrigin();
  const response = NextResponse.next();
  if (origin) {
    // Replaces the build's header (one policy, not two: browsers enforce every policy they get).
    response.headers.set("Content-Security-Policy", contentSecurityPolicy({ development: isDevelopment(), livekitUrl: livekitUrl(), sandboxPlaybackOrigin: origin }));
  }
  return response;
}

export const config = {
  // Pages only: API answers, build assets and the icon are never documents, so a CSP there guards nothing.
  matcher: ["/((?!api/|_next/static/|_next/image|favicon\\.ico).*)"],
};
