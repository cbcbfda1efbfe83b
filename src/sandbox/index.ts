/**
 * golive's offline sandbox: MUX Video (API, stats, webhooks) and LiveKit (Twirp API, egress,
 * webhooks) emulated on one loopback HTTP server, driven by the official SDKs exactly as the app
 * drives the real services. Limits first — see README.md beside this file:
 *
 * Faithful to: request/response shapes, auth schemes, error shapes and status codes, the stream
 * lifecycle (idle → active → reconnect window → completed asset), egress status transitions,
 * URL validation/redaction, webhook envelopes and signatures — each checked against the SDKs'
 * own code where possible (README lists what was verified and what was inferred).
 * Cannot catch: real media, real network failure modes beyond the injectable ones, real rate
 * limits and quotas, timing under load, behaviour of API versions newer than the installed SDKs,
 * and anything the app does against real hosts by mistake. Never dials anything but 127.0.0.1.
 */
import { Clock } from "./clock";
import { createControl, type SandboxControl } from "./control";
import { handleControlHttp } from "./control-http";
import { FaultRegistry } from "./faults";
import { Ids } from "./ids";
import { IngestNetwork } from "./ingest";
import { LivekitEmulator } from "./livekit/emulator";
import { TwirpRoutes } from "./livekit/twirp";
import { LivekitWebhookSender } from "./livekit/webhooks";
import { MuxEmulator } from "./mux/emulator";
import { MuxRoutes } from "./mux/routes";
import { MuxStats } from "./mux/stats";
import { MuxWebhookSender } from "./mux/webhooks";
import { RequestRecorder } from "./recorder";
import { startServer } from "./server";
import { WebhookDispatcher } from "./webhook-dispatcher";

export type { SandboxControl, EgressView } from "./control";
export type { FaultSpec, FaultAction } from "./faults";
export type { RecordedRequest, RequestFilter, ServiceName } from "./recorder";
export type { SentWebhook, WebhookFaultSpec, WebhookFaultAction, WebhookService } from "./webhook-dispatcher";
export type { MuxLiveStream, MuxAsset } from "./mux/model";
export { redactIdentifier } from "./livekit/urls";

export type SandboxConfig = {
  mux: {
    tokenId: string;
    tokenSecret: string;
    webhookSecret?: string;
    webhookUrl?: string;
    /** for /counts JWT verification (RS256): the `kid` claim must equal this when set */
    signingKeyId?: string;
    /** PEM (or base64 of a PEM) of the signing key's public half */
    signingPublicKeyPem?: string;
  };
  livekit: { apiKey: string; apiSecret: string; webhookUrl?: string };
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
};

export type Sandbox = {
  /** e.g. http://127.0.0.1:PORT — pass as MUX `baseURL` */
  muxBaseUrl: string;
  /** host for GET /counts?token=… (MUX_STATS_URL) */
  muxStatsUrl: string;
  /** http://127.0.0.1:PORT — pass to EgressClient/RoomServiceClient */
  livekitUrl: string;
  /** base of the HTTP control API (`POST {controlUrl}/<method>`) */
  controlUrl: string;
  port: number;
  control: SandboxControl;
  close(): Promise<void>;
};

export async function startSandbox(config: SandboxConfig): Promise<Sandbox> {
  const clock = new Clock(config.now ?? Date.now, config.now === undefined);
  const recorder = new RequestRecorder();
  const faults = new FaultRegistry();
  const dispatcher = new WebhookDispatcher(clock, config.webhookRetryDelaysMs ?? [1000, 5000]);
  dispatcher.setUrl("mux", config.mux.webhookUrl);
  dispatcher.setUrl("livekit", config.livekit.webhookUrl);

  const ids = new Ids(config.seed);
  const ingest = new IngestNetwork();
  const mux = new MuxEmulator(clock, new MuxWebhookSender(clock, dispatcher, config.mux.webhookSecret, ids), ids);
  ingest.register(mux);
  const stats = new MuxStats(mux, config.mux.signingKeyId, config.mux.signingPublicKeyPem);
  const livekit = new LivekitEmulator(
    clock,
    ingest,
    new LivekitWebhookSender(clock, dispatcher, config.livekit.apiKey, config.livekit.apiSecret, ids),
    config.egressStartDelayMs ?? 0,
    ids,
  );
  const muxRoutes = new MuxRoutes(mux, clock, config.mux);
  const twirp = new TwirpRoutes(livekit, config.livekit);
  const control = createControl({ clock, mux, livekit, recorder, faults, webhooks: dispatcher, ingest });

  const server = await startServer(config.port ?? 0, {
    clock,
    faults,
    recorder,
    handlers: {
      mux: (info) => muxRoutes.handle({ ...info, headers: info.req.headers }),
      stats: (info) => stats.counts(info.query.token),
      livekit: (info) => twirp.handle({ ...info, headers: info.req.headers }),
      control: (info) => handleControlHttp(control, info.method, info.path, info.bodyText),
    },
  });
  const origin = `http://127.0.0.1:${server.port}`;
  return {
    muxBaseUrl: origin,
    muxStatsUrl: origin,
    livekitUrl: origin,
    controlUrl: `${origin}/_sandbox`,
    port: server.port,
    control,
    async close() {
      clock.close();
      await server.close();
    },
  };
}
