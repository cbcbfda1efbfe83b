// golive's environment, declared once: every variable it reads, its shape and what it means
// (docs/architecture.md, "Configuration"; docs/reference/configuration.md lists them). Optional at
// load time; the accessors in env.ts say what is required when.
import { z } from "zod";
import { optional, url } from "./read-env";

export const goliveEnvSchema = {

  /** "development" | "production" | "test"; set by Next.js and Vitest. */
  NODE_ENV: optional(z.enum(["development", "production", "test"])),
  /** LiveKit server API key and secret. */
  LIVEKIT_API_KEY: optional(z.string()),
  LIVEKIT_API_SECRET: optional(z.string()),
  /** wss://… of the LiveKit project; the REST host is derived from it (wss→https, ws→http). */
  NEXT_PUBLIC_LIVEKIT_URL: optional(url(["wss:", "ws:", "https:", "http:"], "wss://your-project.livekit.cloud")),
  /** Optional server-side override of the LiveKit host. */
  LIVEKIT_URL: optional(url(["wss:", "ws:", "https:", "http:"], "https://your-project.livekit.cloud")),
  /** MUX API access token. */
  MUX_TOKEN_ID: optional(z.string()),
  MUX_TOKEN_SECRET: optional(z.string()),
  /** MUX API host; the SDK's default is https://api.mux.com. */
  MUX_BASE_URL: optional(url(["https:", "http:"], "https://api.mux.com")),
  /** Verifies `mux-signature` on /api/webhooks/mux. */
  MUX_WEBHOOK_SECRET: optional(z.string()),
  /** Optional: MUX's URL signing key (id, base64 private key); signs viewer-count tokens and, for private broadcasts, playback tokens. */
  MUX_SIGNING_KEY: optional(z.string()),
  MUX_PRIVATE_KEY: optional(z.string()),
  /** Host of MUX's public stats API. */
  MUX_STATS_URL: optional(url(["https:", "http:"], "https://stats.mux.com")),
  /**
   * MUX live streams kept made ahead of time (docs/architecture.md, "MUX at fleet scale"), so a
   * go-live with the default settings makes no MUX POST at the click. A whole number ≥ 0;
   * 0 (the default) turns the pool off. Size it to the go-lives that start together.
   */
  MUX_STREAM_POOL_SIZE: optional(z.coerce.number().int("must be a whole number").min(0, "must be 0 or more").max(1000, "must be at most 1000")),
  /**
   * MUX POSTs per second this app allows itself across all its instances (MUX documents about
   * 1 per environment). Default 1. Lower it if something else creates in the same environment.
   */
  MUX_POSTS_PER_SECOND: optional(z.coerce.number().positive("must be more than 0").max(100, "must be at most 100")),
  /**
   * MUX's `reconnect_window` on every live stream golive creates (pool included), in seconds:
   * how long MUX waits for a dropped encoder before it completes the recording. MUX's own
   * default is 60 for standard latency but 0 for reduced/low, where any blip would split the
   * recording. Default 60; 0–1800 (MUX's range).
   */
  LIVESTREAM_RECONNECT_WINDOW_SECONDS: optional(z.coerce.number().int("must be a whole number of seconds").min(0, "must be 0 or more").max(1800, "must be at most 1800 (MUX's maximum)")),
  /** How long a go-live waits for a MUX POST slot (queue and 429s) before answering 503 with Retry-After, in ms. Default 10000. */
  MUX_RATE_LIMIT_WAIT_MS: optional(z.coerce.number().int("must be a whole number").min(0).max(60_000, "must be at most 60000")),
  /**
   * Live broadcasts (starting, active or stopping) one user may have started and hold at once,
   * across all rooms: each is a billed MUX stream and a LiveKit egress. Default 3; beyond, 429.
   */
  LIVESTREAM_MAX_LIVE_PER_USER: optional(z.coerce.number().int("must be a whole number").min(1, "must be at least 1").max(1000, "must be at most 1000")),
  /**
   * Encrypts the full URLs (stream keys included) of a live broadcast's destinations at rest,
   * at least 32 characters. Unset outside production → derived from the auth secret, with a warning.
   */
  LIVESTREAM_ENCRYPTION_KEY: optional(z.string().min(32, "must be at least 32 characters (try: openssl rand -base64 32)")),
  /**
   * Guardrails (docs/architecture.md, "Guardrails"): a live broadcast whose room has had no host
   * present for this many seconds is stopped, as a stop does. Default 120; 0 turns it off; at
   * most 86400. Tests set it small.
   */
  LIVESTREAM_STOP_AFTER_HOST_LEFT_SECONDS: optional(z.coerce.number().int("must be a whole number of seconds").min(0, "must be 0 or more").max(86_400, "must be at most 86400")),
  /**
   * Seconds between in-process reconcile runs on long-running servers (src/instrumentation.ts);
   * one instance at a time runs each. 0 or unset: off (use the cron route instead).
   */
  RECONCILE_INTERVAL_SECONDS: optional(z.coerce.number().int("must be a whole number of seconds").min(0).max(86_400)),
  /** Shared secret a cron sends (Authorization: Bearer …) to POST /api/video/livestream/reconcile. */
  RECONCILE_SECRET: optional(z.string().min(16, "must be at least 16 characters")),
  /**
   * Who may watch a private broadcast besides holders of a working share link
   * (packages/golive/src/watch/policy.ts): "members" (the default) — its room's owner and current
   * members, any role — or "signed-in", any signed-in user of this app.
   */
  LIVESTREAM_PRIVATE_WATCHERS: optional(z.enum(["members", "signed-in"], 'must be "members" or "signed-in"')),
  /**
   * How long a private broadcast's playback tokens last, in whole seconds: at most 600 (the
   * default), so a revoked viewer's playback stops within that. The watch page renews them at
   * half their lifetime while the watch rule still allows. Tests shorten it.
   */
  LIVESTREAM_PLAYBACK_TOKEN_SECONDS: optional(z.coerce.number().int("must be a whole number of seconds").min(2, "must be at least 2").max(600, "must be at most 600")),
  /**
   * golive's composite template (docs/architecture.md, "The composite template"): "on" (the
   * default) has the egress open the app's template page, which draws the show and only who is on
   * stage; "off" uses LiveKit's built-in layouts, as before there was a template.
   */
  LIVESTREAM_CUSTOM_TEMPLATE: optional(z.enum(["on", "off"], 'must be "on" or "off"')),
  /**
   * Seconds a start with the template waits for the page's START_RECORDING before it fails with
   * a sentence and its egress is stopped. Default 30; 5–600.
   */
  LIVESTREAM_TEMPLATE_READY_SECONDS: optional(z.coerce.number().int("must be a whole number of seconds").min(5, "must be at least 5").max(600, "must be at most 600")),
  /** "1" forces the offline sandbox, "0" forbids it. */
  LIVESTREAM_SANDBOX: optional(z.enum(["0", "1"])),
  /** Set by the dev launcher (and e2e tests): the sandbox's HTTP control API, e.g. http://127.0.0.1:3001/_sandbox. */
  LIVESTREAM_SANDBOX_CONTROL_URL: optional(url(["http:"], "http://127.0.0.1:3001/_sandbox")),
  /**
   * RTMP destination hosts allowed although they are loopback, private or link-local
   * (refused otherwise, see packages/golive/src/destinations/hosts.ts): comma-separated host
   * names, IP addresses or CIDR ranges, e.g. "rtmp.corp.example,10.20.0.0/16".
   */
  LIVESTREAM_ALLOWED_RTMP_HOSTS: optional(
    z
      .string()
      .transform((v) => v.split(",").map((entry) => entry.trim()).filter((entry) => entry !== ""))
      .refine(
        // A host name's last label must have a letter: "1.2.3" or "300.1.1.1" is a mistyped address, not a name.
        (entries) => entries.every((e) => z.union([z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.hostname().regex(/[a-z][a-z0-9-]*\.?$/i)]).safeParse(e).success),
        "must be comma-separated host names, IP addresses or CIDR ranges, like rtmp.corp.example,10.20.0.0/16",
      ),
  ),
} as const;
