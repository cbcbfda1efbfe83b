// The security headers of every response, pure: no framing, no sniffing, origin-only referrers and a
// CSP naming what pages load; next.config.ts feeds it at build time, src/proxy.ts in sandbox mode
// (docs/architecture.md, "Module map").

export type SecurityHeaderOptions = {
  /** `next dev`: allows eval (React's dev tooling) and loopback http/ws (hot reload, the sandbox). */
  development: boolean;
  /** The LiveKit URL browsers connect to, when known at build time; LiveKit Cloud otherwise. */
  livekitUrl: string | null;
  /**
   * The sandbox's MUX playback stand-in (http://127.0.0.1:PORT, from sandboxPlaybackOrigin in
   * packages/golive/src/config/env.ts) when the app runs against it: the player's playlists and segments
   * (connect-src for hls.js, media-src for native HLS) and its poster and thumbnails (img-src).
   */
  sandboxPlaybackOrigin?: string | null;
};

// MUX: HLS manifests and segments (stream.mux.com and its CDN hosts under mux.com),
// posters and storyboards (image.mux.com), MUX Data beacons (<env>.litix.io, img.litix.io).
const MUX_MEDIA = ["https://stream.mux.com", "https://image.mux.com", "https://*.mux.com"];
const MUX_DATA = "https://*.litix.io";
// The player's Chromecast button loads Google's Cast sender scripts in Chrome.
const CAST_SCRIPTS = ["https://www.gstatic.com/cv/js/sender/", "https://www.gstatic.com/eureka/clank/", "https://www.gstatic.com/cast/sdk/libs/"];
// LiveKit Cloud answers a project URL with region URLs of its own (livekit-client's isCloud).
const LIVEKIT_CLOUD = ["wss://*.livekit.cloud", "https://*.livekit.cloud", "wss://*.livekit.run", "https://*.livekit.run"];
// (CSP host sources can't name IPv6 literals, so [::1] can't be listed.)
const LOOPBACK = ["127.0.0.1", "localhost"].flatMap((host) => [`http://${host}:*`, `ws://${host}:*`]);

/** connect-src entries for the LiveKit project: its signalling (ws/wss) and REST (http/https) origins. */
function livekitSources(livekitUrl: string | null): string[] {
  if (!livekitUrl) return LIVEKIT_CLOUD;
  let url: URL;
  try {
    url = new URL(livekitUrl);
  } catch {
    return LIVEKIT_CLOUD;
  }
  const secure = url.protocol === "wss:" || url.protocol === "https:";
  const host = url.host; // with its port, if any
  const own = secure ? [`wss://${host}`, `https://${host}`] : [`ws://${host}`, `http://${host}`];
  const cloud = url.hostname.endsWith(".livekit.cloud") || url.hostname.endsWith(".livekit.run");
  return cloud ? [...own, ...LIVEKIT_CLOUD] : own;
}

export function contentSecurityPolicy({ development, livekitUrl, sandboxPlaybackOrigin = null }: SecurityHeaderOptions): string {
  const sandbox = sandboxPlaybackOrigin ? [sandboxPlaybackOrigin] : [];
  const directives: Record<string, string[]> = {
    "default-src": ["'self'"],
    // 'unsafe-inline': the App Router streams its payload in inline scripts; a nonce would
    // make every page dynamic. frame-ancestors, object-src and base-uri still hold.
    "script-src": ["'self'", "'unsafe-inline'", ...(development ? ["'unsafe-eval'"] : []), ...CAST_SCRIPTS],
    "style-src": ["'self'", "'unsafe-inline'"],
    "img-src": ["'self'", "data:", "blob:", ...MUX_MEDIA, MUX_DATA, ...sandbox],
    "font-src": ["'self'", "data:"],
    // hls.js plays through MediaSource (blob:); Safari plays the HLS URL itself.
    "media-src": ["'self'", "blob:", ...MUX_MEDIA, ...sandbox],
    "connect-src": ["'self'", ...MUX_MEDIA, MUX_DATA, ...livekitSources(livekitUrl), ...(development ? LOOPBACK : []), ...sandbox],
    "worker-src": ["'self'", "blob:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${[...new Set(sources)].join(" ")}`)
    .join("; ");
}

export function securityHeaders(options: SecurityHeaderOptions): { key: string; value: string }[] {
  return [
    { key: "Content-Security-Policy", value: contentSecurityPolicy(options) },
    // For browsers that predate frame-ancestors.
    { key: "X-Frame-Options", value: "DENY" },
    { key: "X-Content-Type-Options", value: "nosniff" },
    // Other sites (MUX, LiveKit, RTMP hosts' pages) see this app's origin, never a path or query.
    { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
    // The studio needs the camera, microphone and screen; nothing here needs more.
    { key: "Permissions-Policy", value: "camera=(self), microphone=(self), display-capture=(self), geolocation=(), payment=(), usb=()" },
  ];
}
