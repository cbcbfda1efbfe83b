// The headers next.config.ts puts on every response, as built for `next start` and `next dev`.
import { PHASE_DEVELOPMENT_SERVER, PHASE_PRODUCTION_BUILD } from "next/constants";
import { afterEach, expect, test, vi } from "vitest";
import nextConfig from "../../next.config";
import { contentSecurityPolicy, securityHeaders } from "@/lib/security-headers";
import { config as proxyConfig, proxy } from "@/proxy";

afterEach(() => vi.unstubAllEnvs());

const directives = (csp: string) =>
  new Map(
    csp.split(";").map((part) => {
      const [name = "", ...sources] = part.trim().split(/\s+/);
      return [name, sources] as const;
    }),
  );

async function configuredHeaders(phase: string) {
  const config = nextConfig(phase);
  const rules = (await config.headers?.()) ?? [];
  return rules;
}

test("every path gets the anti-framing, nosniff and referrer headers", async () => {
  vi.stubEnv("NEXT_PUBLIC_LIVEKIT_URL", "");
  vi.stubEnv("LIVEKIT_URL", "");
  const rules = await configuredHeaders(PHASE_PRODUCTION_BUILD);
  expect(rules).toHaveLength(1);
  expect(rules[0]?.source).toBe("/:path*");
  const headers = new Map(rules[0]?.headers.map((h) => [h.key, h.value]));
  expect(headers.get("X-Frame-Options")).toBe("DENY");
  expect(headers.get("X-Content-Type-Options")).toBe("nosniff");
  expect(headers.get("Referrer-Policy")).toBe("strict-origin-when-cross-origin");
  const csp = directives(headers.get("Content-Security-Policy") ?? "");
  expect(csp.get("frame-ancestors")).toEqual(["'none'"]);
  expect(csp.get("object-src")).toEqual(["'none'"]);
  expect(csp.get("base-uri")).toEqual(["'self'"]);
  expect(csp.get("form-action")).toEqual(["'self'"]);
});

test("production: MUX's player and beacons and LiveKit Cloud are allowed; no eval, no loopback", async () => {
  vi.stubEnv("NEXT_PUBLIC_LIVEKIT_URL", "");
  vi.stubEnv("LIVEKIT_URL", "");
  const rules = await configuredHeaders(PHASE_PRODUCTION_BUILD);
  const csp = directives(rules[0]?.headers.find((h) => h.key === "Content-Security-Policy")?.value ?? "");
  expect(csp.get("default-src")).toEqual(["'self'"]);
  expect(csp.get("script-src")).not.toContain("'unsafe-eval'");
  expect(csp.get("connect-src")).toEqual(expect.arrayContaining(["'self'", "https://stream.mux.com", "https://*.mux.com", "https://*.litix.io", "wss://*.livekit.cloud"]));
  expect(csp.get("media-src")).toEqual(expect.arrayContaining(["blob:", "https://stream.mux.com"]));
  expect(csp.get("img-src")).toEqual(expect.arrayContaining(["https://image.mux.com", "https://*.litix.io"]));
  expect(csp.get("worker-src")).toEqual(["'self'", "blob:"]);
  expect(csp.get("connect-src")?.some((s) => /127\.0\.0\.1|localhost/.test(s))).toBe(false);
});

test("a LiveKit URL set at build time is what connect-src names", () => {
  const selfHosted = directives(contentSecurityPolicy({ development: false, livekitUrl: "wss://rtc.example.org:7880" }));
  expect(selfHosted.get("connect-src")).toEqual(expect.arrayContaining(["wss://rtc.example.org:7880", "https://rtc.example.org:7880"]));
  expect(selfHosted.get("connect-src")?.some((s) => s.includes("livekit.cloud"))).toBe(false);

  const cloud = directives(contentSecurityPolicy({ development: false, livekitUrl: "wss://my-project.livekit.cloud" }));
  expect(cloud.get("connect-src")).toEqual(expect.arrayContaining(["wss://my-project.livekit.cloud", "https://my-project.livekit.cloud", "wss://*.livekit.cloud"]));
});

test("next dev also allows eval and loopback http/ws (hot reload, the sandbox), and only there", async () => {
  vi.stubEnv("NEXT_PUBLIC_LIVEKIT_URL", "ws://127.0.0.1:3001");
  const dev = directives(
    (await configuredHeaders(PHASE_DEVELOPMENT_SERVER))[0]?.headers.find((h) => h.key === "Content-Security-Policy")?.value ?? "",
  );
  expect(dev.get("script-src")).toContain("'unsafe-eval'");
  expect(dev.get("connect-src")).toEqual(expect.arrayContaining(["ws://127.0.0.1:3001", "ws://localhost:*", "http://127.0.0.1:*"]));
  expect(dev.get("frame-ancestors")).toEqual(["'none'"]);
  // Chromium ignores (and complains about) sources CSP can't express, such as IPv6 literals.
  expect([...dev.values()].flat().filter((source) => /[[\]]/.test(source))).toEqual([]);
  const prod = securityHeaders({ development: false, livekitUrl: null });
  expect(prod.find((h) => h.key === "Content-Security-Policy")?.value).not.toContain("unsafe-eval");
});

test("against the sandbox, media, connections and images may also come from its playback origin, and only there", () => {
  const origin = "http://127.0.0.1:43210";
  const without = directives(contentSecurityPolicy({ development: false, livekitUrl: null }));
  const sandbox = directives(contentSecurityPolicy({ development: false, livekitUrl: null, sandboxPlaybackOrigin: origin }));
  for (const name of ["media-src", "connect-src", "img-src"]) {
    expect(sandbox.get(name), name).toEqual([...(without.get(name) ?? []), origin]);
  }
  // MediaSource and hls.js's worker need blob:, which the production policy already has.
  expect(sandbox.get("media-src")).toContain("blob:");
  expect(sandbox.get("worker-src")).toEqual(["'self'", "blob:"]);
  // Nothing else moves: no script, frame or form from the sandbox, no loopback wildcard.
  for (const [name, sources] of sandbox) {
    if (!["media-src", "connect-src", "img-src"].includes(name)) expect(sources, name).toEqual(without.get(name));
  }
  expect([...sandbox.values()].flat().filter((s) => s.includes("*") && /127\.0\.0\.1|localhost/.test(s))).toEqual([]);
  // null (real credentials, or no sandbox on loopback) is the policy as built.
  expect(contentSecurityPolicy({ development: false, livekitUrl: null, sandboxPlaybackOrigin: null })).toBe(contentSecurityPolicy({ development: false, livekitUrl: null }));
});

test("at run time the proxy widens the policy by the sandbox's playback origin in sandbox mode, and otherwise leaves the build's", () => {
  vi.stubEnv("NODE_ENV", "production");
  vi.stubEnv("NEXT_PUBLIC_LIVEKIT_URL", "ws://127.0.0.1:43210");
  vi.stubEnv("LIVEKIT_URL", "");
  vi.stubEnv("LIVESTREAM_SANDBOX", "1");
  vi.stubEnv("MUX_BASE_URL", "http://127.0.0.1:43210");
  const csp = proxy().headers.get("content-security-policy") ?? "";
  expect(csp).toBe(contentSecurityPolicy({ development: false, livekitUrl: "ws://127.0.0.1:43210", sandboxPlaybackOrigin: "http://127.0.0.1:43210" }));

  vi.stubEnv("LIVESTREAM_SANDBOX", "");
  expect(proxy().headers.get("content-security-policy")).toBeNull();
  vi.stubEnv("LIVESTREAM_SANDBOX", "1");
  vi.stubEnv("MUX_BASE_URL", "https://api.mux.com");
  expect(proxy().headers.get("content-security-policy")).toBeNull();
  // Pages only.
  const [matcher = ""] = proxyConfig.matcher;
  const pattern = new RegExp(`^${matcher}$`);
  expect(["/", "/watch/abc123", "/recordings", "/rooms/x"].filter((p) => !pattern.test(p))).toEqual([]);
  expect(["/api/health", "/_next/static/chunks/a.js", "/_next/image", "/favicon.ico"].filter((p) => pattern.test(p))).toEqual([]);
});
