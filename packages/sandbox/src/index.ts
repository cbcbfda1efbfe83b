/**
 * golive's offline sandbox: MUX Video (API, stats, webhooks) and LiveKit (Twirp API, egress,
 * webhooks) emulated on one loopback HTTP server, driven by the official SDKs exactly as the app
 * drives the real services. Limits first — see README.md beside this file:
 *
 * Faithful to: request/response shapes, auth schemes, error shapes and status codes, the stream
 * lifecycle (idle → active → reconnect window → completed asset), egress status transitions,
 * URL validation/redaction, webhook envelopes and signatures — each checked against the SDKs'
 * own code where possible (README lists what was verified and what was inferred).
 * Cannot catch: real media, real network failure modes beyond the injectable ones, rate limits
 * and quotas beyond the opt-in MUX buckets and egress cap (rate-limits.ts), timing under load,
 * behaviour of API versions newer than the installed SDKs,
 * and anything the app does against real hosts by mistake. Never dials anything but 127.0.0.1.
 */
import { randomBytes } from "node:crypto";
import type { EnvVariable } from "@golive/next/config";
import { Clock } from "./clock";
import { createControl, type SandboxControl } from "./control";
import { handleControlHttp } from "./control-http";
import { FaultRegistry } from "./faults";
import { Ids } from "./ids";
import { IngestNetwork } from "./ingest";
import { LivekitEmulator } from "./livekit/emulator";
import { TemplateRoom } from "./livekit/template-room";
import { TwirpRoutes } from "./livekit/twirp";
import { LivekitWebhookSender } from "./livekit/webhooks";
import { MuxEmulator } from "./mux/emulator";
import { MuxPlayback } from "./mux/hls";
import { MuxRoutes } from "./mux/routes";
import { MuxStats } from "./mux/stats";
import { MuxWebhookSender } from "./mux/webhooks";
import { RateLimits, type RateLimitSettings } from "./rate-limits";
import { RequestRecorder } from "./recorder";
import { startServer } from "./server";
import { SigningKeyVerifier, signingKeyPair } from "./signing-key";
import { WebhookDispatcher } from "./webhook-dispatcher";

export type { SandboxControl, EgressView } from "./control";
export type { FaultSpec, FaultAction } from "./faults";
export type { RecordedRequest, RequestFilter, ServiceName } from "./recorder";
export type { SentWebhook, WebhookFaultSpec, WebhookFaultAction, WebhookService } from "./webhook-dispatcher";
export type { MuxLiveStream, MuxAsset } from "./mux/model";
export type { RateLimitSettings, ActiveRateLimits, BucketSpec, MuxRateLimits } from "./rate-limits";
export { redactIdentifier } from "./livekit/urls";
export { signLivekitWebhook } from "./livekit/webhooks";
export { signMuxPayload } from "./mux/webhooks";
export { SandboxNotFoundError } from "./control";
export { MUX_OTHER_BUCKET, MUX_POST_BUCKET } from "./rate-limits";
export { firstVideoPts } from "./mux/mpegts-pts";

export type SandboxConfig = {
  /** Credentials the MUX emulator accepts and signs with; any left out are generated (see `Sandbox.credentials`). */
  mux?: {
    tokenId?: string;
    tokenSecret?: string;
    webhookSecret?: string;
    /** where MUX webhooks go; default `${appUrl}/api/webhooks/mux` */
    webhookUrl?: string;
    /** for /counts and signed-playback JWT verification (RS256): the `kid` must equal this when set */
    signingKeyId?: string;
    /** PEM (or base64 of a PEM) of the signing key's public half */
    signingPublicKeyPem?: string;
  };
  /** Credentials the LiveKit emulator accepts and signs with; any left out are generated. */
  livekit?: { apiKey?: string; apiSecret?: string; webhookUrl?: string };
  /**
   * The golive app this sandbox serves (loopback only), e.g. http://127.0.0.1:3000: webhooks
   * go to its /api/webhooks/mux and /api/webhooks/livekit. Unset → no webhooks until
   * `control.setWebhookUrl`.
   */
  appUrl?: string;
  /**
   * Make a MUX signing key so the app can read viewer counts: the sandbox verifies with its
   * public half, and `appEnv()` hands the app the private half (MUX_SIGNING_KEY,
   * MUX_PRIVATE_KEY). Ignored when `mux.signingPublicKeyPem` is given. Default false.
   */
  viewerCounts?: boolean;
  /** ms from EGRESS_STARTING to EGRESS_ACTIVE (and MUX publisher connect); default 0 */
  egressStartDelayMs?: number;
  /** 0 (default) = ephemeral */
  port?: number;
  /** clock (ms); default Date.now. Giving one switches to manual time: future transitions only run on advance() */
  now?: () => number;
  /** makes every id (streams, keys, egresses, events) the same on every run; default random */
  seed?: number;
  /** delays before webhook retries (sandbox ms); default [1000, 5000] → 3 attempts in all */
  webhookRetryDelaysMs?: number[];
  /** MUX token buckets and a LiveKit concurrent-egress cap (rate-limits.ts); default off */
  rateLimits?: RateLimitSettings;
  /**
   * An egress with a custom template (`custom_base_url`): "signal" (default) waits for the page's
   * START_RECORDING (`control.templateReady`, or the page's own call: livekit/template-room.ts);
   * "immediate" starts it as if the page had signalled at once, for a dev server where no browser
   * opens the egress's page.
   */
  templateReadiness?: "signal" | "immediate";
};

/** What the emulators accept and sign with: given in `SandboxConfig` or generated. */
export type SandboxCredentials = {
  mux: {
    tokenId: string;
    tokenSecret: string;
    webhookSecret: string;
    /** set with `viewerCounts: true` (or a given `signingKeyId`) */
    signingKeyId?: string;
    /** base64 of the PEM private key, as MUX_PRIVATE_KEY takes it; set with `viewerCounts: true` */
    signingPrivateKeyBase64?: string;
  };
  livekit: { apiKey: string; apiSecret: string };
};

/**
 * The variables that point golive at this sandbox: the same ones a deployment sets for real
 * MUX and LiveKit (keys checked against packages/golive/src/config/env.ts's schema). An absent signing key is
 * "" — unset, in env.ts's reading — so applying this also clears one left from earlier.
 */
export type SandboxAppEnv = {
  [K in
    | "MUX_TOKEN_ID"
    | "MUX_TOKEN_SECRET"
    | "MUX_WEBHOOK_SECRET"
    | "MUX_BASE_URL"
    | "MUX_STATS_URL"
    | "MUX_SIGNING_KEY"
    | "MUX_PRIVATE_KEY"
    | "LIVEKIT_API_KEY"
    | "LIVEKIT_API_SECRET"
    | "LIVEKIT_URL"
    | "NEXT_PUBLIC_LIVEKIT_URL"
    | "LIVESTREAM_SANDBOX"
    | "LIVESTREAM_SANDBOX_CONTROL_URL" as Extract<K, EnvVariable>]: string;
};

export type Sandbox = {
  /**
   * e.g. http://127.0.0.1:PORT — pass as MUX `baseURL`. Also MUX playback's base (README,
   * "Playback"): `{muxBaseUrl}/stream/{playbackId}.m3u8`, `{muxBaseUrl}/image/{playbackId}/thumbnail.jpg`.
   */
  muxBaseUrl: string;
  /** host for GET /counts?token=… (MUX_STATS_URL) */
  muxStatsUrl: string;
  /** http://127.0.0.1:PORT — pass to EgressClient/RoomServiceClient */
  livekitUrl: string;
  /** base of the HTTP control API (`POST {controlUrl}/<method>`) */
  controlUrl: string;
  port: number;
  credentials: SandboxCredentials;
  /** The environment that points golive at this sandbox (see `SandboxAppEnv`). */
  appEnv(): SandboxAppEnv;
  control: SandboxControl;
  close(): Promise<void>;
};

const generated = (prefix: string) => `${prefix}${randomBytes(12).toString("hex")}`;

/** The app's webhook endpoints, which the real services are configured with in their dashboards. */
export const appWebhookUrls = (appUrl: string) => ({
  mux: new URL("/api/webhooks/mux", appUrl).href,
  livekit: new URL("/api/webhooks/livekit", appUrl).href,
});

export async function startSandbox(config: SandboxConfig = {}): Promise<Sandbox> {
  const signing = config.viewerCounts && !config.mux?.signingPublicKeyPem ? signingKeyPair() : undefined;
  const credentials: SandboxCredentials = {
    mux: {
      tokenId: config.mux?.tokenId ?? generated("mux-id-"),
      tokenSecret: config.mux?.tokenSecret ?? generated("mux-secret-"),
      webhookSecret: config.mux?.webhookSecret ?? generated("mux-whsec-"),
      signingKeyId: signing?.keyId ?? config.mux?.signingKeyId,
      signingPrivateKeyBase64: signing?.privateKeyBase64,
    },
    // LiveKit API keys start with "API".
    livekit: { apiKey: config.livekit?.apiKey ?? generated("API"), apiSecret: config.livekit?.apiSecret ?? generated("lk-secret-") },
  };
  const signingPublicKeyPem = signing?.publicKeyPem ?? config.mux?.signingPublicKeyPem;
  const webhookUrls = config.appUrl ? appWebhookUrls(config.appUrl) : undefined;

  const clock = new Clock(config.now ?? Date.now, config.now === undefined);
  const recorder = new RequestRecorder();
  const faults = new FaultRegistry();
  const dispatcher = new WebhookDispatcher(clock, config.webhookRetryDelaysMs ?? [1000, 5000]);
  dispatcher.setUrl("mux", config.mux?.webhookUrl ?? webhookUrls?.mux);
  dispatcher.setUrl("livekit", config.livekit?.webhookUrl ?? webhookUrls?.livekit);

  const ids = new Ids(config.seed);
  const limits = new RateLimits(clock);
  limits.configure(config.rateLimits);
  const ingest = new IngestNetwork();
  const mux = new MuxEmulator(clock, new MuxWebhookSender(clock, dispatcher, credentials.mux.webhookSecret, ids), ids);
  ingest.register(mux);
  const signingKey = new SigningKeyVerifier(credentials.mux.signingKeyId, signingPublicKeyPem);
  const stats = new MuxStats(mux, signingKey);
  const playback = new MuxPlayback(mux, clock, signingKey);
  const livekit = new LivekitEmulator(
    clock,
    ingest,
    new LivekitWebhookSender(clock, dispatcher, credentials.livekit.apiKey, credentials.livekit.apiSecret, ids),
    config.egressStartDelayMs ?? 0,
    ids,
    limits,
  );
  const muxRoutes = new MuxRoutes(mux, clock, credentials.mux, limits);
  livekit.awaitTemplates = (config.templateReadiness ?? "signal") === "signal";
  const twirp = new TwirpRoutes(livekit, credentials.livekit);
  // The origin is known once the server listens; the template's URL is built after that.
  let wsOrigin = "";
  const templateRoom = new TemplateRoom(livekit, credentials.livekit, () => wsOrigin);
  const control = createControl({ clock, mux, livekit, recorder, faults, webhooks: dispatcher, ingest, limits, templateRoom });

  const server = await startServer(config.port ?? 0, {
    clock,
    faults,
    recorder,
    handlers: {
      mux: (info) => muxRoutes.handle({ ...info, headers: info.req.headers }),
      stats: (info) => (info.path === "/live-stream-health" ? stats.liveStreamHealth(info.query.token) : stats.counts(info.query.token)),
      livekit: (info) => twirp.handle({ ...info, headers: info.req.headers }),
      control: (info) => handleControlHttp(control, info.method, info.path, info.bodyText),
      playback: (info) => playback.handle(info),
      templateRoom: (info) => templateRoom.handle(info.method, info.path, info.query),
    },
  });
  const origin = `http://127.0.0.1:${server.port}`;
  wsOrigin = origin.replace(/^http/, "ws");
  return {
    muxBaseUrl: origin,
    muxStatsUrl: origin,
    livekitUrl: origin,
    controlUrl: `${origin}/_sandbox`,
    port: server.port,
    credentials,
    appEnv: () => ({
      MUX_TOKEN_ID: credentials.mux.tokenId,
      MUX_TOKEN_SECRET: credentials.mux.tokenSecret,
      MUX_WEBHOOK_SECRET: credentials.mux.webhookSecret,
      MUX_BASE_URL: origin,
      MUX_STATS_URL: origin,
      MUX_SIGNING_KEY: credentials.mux.signingPrivateKeyBase64 ? (credentials.mux.signingKeyId ?? "") : "",
      MUX_PRIVATE_KEY: credentials.mux.signingPrivateKeyBase64 ?? "",
      LIVEKIT_API_KEY: credentials.livekit.apiKey,
      LIVEKIT_API_SECRET: credentials.livekit.apiSecret,
      LIVEKIT_URL: origin,
      // Browsers join rooms over WebSocket, at the same host.
      NEXT_PUBLIC_LIVEKIT_URL: origin.replace(/^http/, "ws"),
      // Tells the app it runs against the sandbox: pages say so, and /api/sandbox/presence works.
      LIVESTREAM_SANDBOX: "1",
      LIVESTREAM_SANDBOX_CONTROL_URL: `${origin}/_sandbox`,
    }),
    control,
    async close() {
      clock.close();
      await server.close();
    },
  };
}
