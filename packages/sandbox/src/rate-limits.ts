/**
 * Opt-in rate limits and quotas: MUX token buckets per environment, and a LiveKit project's
 * concurrent-egress cap. Off unless `startSandbox({ rateLimits })` or `setRateLimits(…)` turns
 * them on (README, "What it cannot catch").
 *
 * Faithful to: MUX's documented sustained rates (POST ~1/s "with a small burst allowance",
 * other methods 5/s), counted per environment (one bucket set per token id: a token belongs to
 * one environment), refused with 429 and the body a captured MUX 429 carries; LiveKit Cloud
 * refusing an egress past the plan's concurrency with Twirp `resource_exhausted` "concurrent
 * egress sessions limit exceeded" (as LiveKit Cloud answers; README lists the sources).
 * Chosen, not verified: the bucket sizes (MUX does not publish the burst), the `retry-after`
 * headers on the 429 (sent because @mux/mux-node honours them; a captured MUX 429 had none —
 * turn them off with `retryAfterHeaders: false`), and that the egress cap counts every egress not
 * yet ended (STARTING, ACTIVE, ENDING).
 * Cannot catch: MUX's high/low token priorities, its X-RateLimit-* headers, per-IP or edge limits,
 * LiveKit's API request rate limits, or the other quotas of a plan (participants, minutes).
 * Buckets refill on the sandbox clock, so with manual time they only refill on `advance(ms)`.
 */
import type { Clock } from "./clock";

/** A token bucket: holds at most `burst` requests, refilled at `perSecond`. */
export type BucketSpec = { perSecond: number; burst: number };

export type MuxRateLimits = {
  /** creates (POST); default {@link MUX_POST_BUCKET} */
  post?: BucketSpec;
  /** GET, PUT, PATCH, DELETE; default {@link MUX_OTHER_BUCKET} */
  other?: BucketSpec;
  /** send `retry-after` and `retry-after-ms` on a 429; default true */
  retryAfterHeaders?: boolean;
};

export type RateLimitSettings = {
  /** MUX token buckets: `true` for MUX's documented rates with our bucket sizes; absent/false = off */
  mux?: boolean | MuxRateLimits;
  /** StartRoomCompositeEgress beyond this many egresses not yet ended → resource_exhausted; absent = no cap */
  livekitMaxConcurrentEgress?: number;
};

/** What is in force (defaults filled in); `mux` undefined = off. */
export type ActiveRateLimits = {
  mux?: { post: BucketSpec; other: BucketSpec; retryAfterHeaders: boolean };
  livekitMaxConcurrentEgress?: number;
};

/**
 * POST: 1/s sustained, 3 at once. MUX documents "a small burst allowance" without a size, so we
 * choose a small one: an app that copes with 3 copes with any larger real burst, not the reverse.
 */
export const MUX_POST_BUCKET: BucketSpec = { perSecond: 1, burst: 3 };
/** Other methods: 5/s sustained, and no burst beyond one second's worth (none is documented). */
export const MUX_OTHER_BUCKET: BucketSpec = { perSecond: 5, burst: 5 };

/** Twirp code and message LiveKit Cloud answers when a project is out of egress sessions. */
export const EGRESS_LIMIT_ERROR = { code: "resource_exhausted", msg: "concurrent egress sessions limit exceeded" } as const;

/** The body of a MUX 429, as captured from api.mux.com (README: "Verified against source vs. inferred"). */
export const MUX_TOO_MANY_REQUESTS_BODY = { errors: ["Too many requests, retry later."] } as const;

export type TakeResult = { ok: true } | { ok: false; retryAfterMs: number };

type Bucket = { tokens: number; at: number };

export class RateLimits {
  private active: ActiveRateLimits = {};
  private buckets = new Map<string, Bucket>();

  constructor(private readonly clock: Clock) {}

  configure(settings: RateLimitSettings | undefined): ActiveRateLimits {
    const mux = settings?.mux;
    const cap = settings?.livekitMaxConcurrentEgress;
    if (cap !== undefined && (!Number.isInteger(cap) || cap < 0)) throw new Error("livekitMaxConcurrentEgress must be an integer >= 0");
    const resolved = mux === true ? {} : mux === false || mux === undefined ? undefined : mux;
    if (resolved?.post) checkSpec("post", resolved.post);
    if (resolved?.other) checkSpec("other", resolved.other);
    this.active = {
      ...(resolved
        ? {
            mux: {
              post: resolved.post ?? MUX_POST_BUCKET,
              other: resolved.other ?? MUX_OTHER_BUCKET,
              retryAfterHeaders: resolved.retryAfterHeaders ?? true,
            },
          }
        : {}),
      ...(cap !== undefined ? { livekitMaxConcurrentEgress: cap } : {}),
    };
    // New sizes start full, as a fresh environment's buckets would.
    this.buckets.clear();
    return this.settings();
  }

  settings(): ActiveRateLimits {
    return structuredClone(this.active);
  }

  /** Forget what was spent (reset()); the settings stay, like the other startSandbox options. */
  refill(): void {
    this.buckets.clear();
  }

  /** Takes one token from this environment's bucket for the method, or says how long until one is there. */
  takeMux(tokenId: string, method: string): TakeResult {
    const limits = this.active.mux;
    if (!limits) return { ok: true };
    const kind = method.toUpperCase() === "POST" ? "post" : "other";
    const spec = limits[kind];
    const key = `${tokenId}\u0000${kind}`;
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: spec.burst, at: now };
    const tokens = Math.min(spec.burst, bucket.tokens + (Math.max(0, now - bucket.at) * spec.perSecond) / 1000);
    // (a hair under 1 still counts: float sums of refills must not refuse a token that is due)
    if (tokens >= 1 - 1e-9) {
      this.buckets.set(key, { tokens: Math.max(0, tokens - 1), at: now });
      return { ok: true };
    }
    this.buckets.set(key, { tokens, at: now });
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil(((1 - tokens) * 1000) / spec.perSecond)) };
  }

  muxRetryAfterHeaders(): boolean {
    return this.active.mux?.retryAfterHeaders ?? true;
  }

  maxConcurrentEgress(): number | undefined {
    return this.active.livekitMaxConcurrentEgress;
  }
}

function checkSpec(name: string, spec: BucketSpec): void {
  if (!(spec.perSecond > 0) || !Number.isFinite(spec.perSecond)) throw new Error(`mux.${name}.perSecond must be > 0`);
  if (!Number.isInteger(spec.burst) || spec.burst < 1) throw new Error(`mux.${name}.burst must be an integer >= 1`);
}
