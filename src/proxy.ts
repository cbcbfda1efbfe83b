// Next.js proxy (runs before every page). Its one job: against the offline sandbox, widen the
// page's Content-Security-Policy by the sandbox's playback origin, so that the watch page's
// player and the recordings' thumbnails may load from it. next.config.ts can't: `next start`
// serves the headers `next build` wrote, and the sandbox's port is only known when it starts
// (tests/support/e2e-app.ts starts it on an ephemeral one). Every page gets it, not only the
// watch page, because a client-side navigation keeps the CSP of the page it started on.
// The policy is the same function's as the build's, fed the run-time configuration: LiveKit
// is then NEXT_PUBLIC_LIVEKIT_URL as it is now — the sandbox's — rather than LiveKit Cloud's
// hosts, which a build without that URL allows. With real credentials it changes nothing: the
// build's headers stand.
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
