/**
 * The in-process control surface of the sandbox: drive rooms, inspect calls and state, inject
 * faults, move time.
 *
 * Faithful to: nothing upstream — this is test/dev tooling. Inspection returns the same JSON
 * shapes the APIs answer (MUX `data` objects; LiveKit EgressInfo with snake_case names, enum
 * names and int64 nanosecond times as strings), so assertions read like the real payloads.
 * Cannot catch: anything the real dashboards show that the APIs do not.
 */
import type { Clock } from "./clock";
import type { FaultRegistry, FaultSpec } from "./faults";
import type { IngestNetwork } from "./ingest";
import type { EgressStatusName, StreamStatusName } from "./livekit/encode";
import type { JoinOptions, LivekitEmulator } from "./livekit/emulator";
import type { TemplateRoom } from "./livekit/template-room";
import { type IngestHealthStatus, type MuxEmulator, MuxApiError } from "./mux/emulator";
import { assetJson, liveStreamJson, type MuxAsset, type MuxLiveStream } from "./mux/model";
import type { ActiveRateLimits, RateLimits, RateLimitSettings } from "./rate-limits";
import type { RecordedRequest, RequestFilter, RequestRecorder } from "./recorder";
import type { SentWebhook, WebhookDispatcher, WebhookFaultSpec, WebhookService } from "./webhook-dispatcher";

/** An egress as LiveKit's API shows it (EgressInfo, proto field names). */
export type EgressView = {
  egress_id: string;
  room_id: string;
  room_name: string;
  status: EgressStatusName;
  /** Unix ns as a decimal string ("0" when unset), like LiveKit's protojson */
  started_at: string;
  ended_at: string;
  updated_at: string;
  error: string;
  error_code: number;
  details: string;
  stream_results: Array<{
    /** redacted, e.g. rtmp://global-live.mux.com:5222/app/{abc...xyz} */
    url: string;
    status: StreamStatusName;
    started_at: string;
    ended_at: string;
    duration: string;
    error: string;
  }>;
  /** not in LiveKit's answer: the destination URLs as the app sent them (keys unredacted) */
  raw_urls: string[];
};

/** What an id passed to the control API was supposed to name. */
export type SandboxIdKind = "live stream" | "asset" | "egress" | "live stream or playback";

/**
 * Thrown by control actions given an id the sandbox does not know (the HTTP control API answers
 * 404). Acting on a placeholder or stale id is almost always a broken test or a typo, and a silent
 * success would hide it. Reads (`muxLiveStream`, `muxAsset`, `egress`) return undefined instead,
 * so "is it gone?" stays a plain assertion.
 */
export class SandboxNotFoundError extends Error {
  override readonly name = "SandboxNotFoundError";

  constructor(
    readonly kind: SandboxIdKind,
    readonly id: string,
  ) {
    super(`unknown ${kind} id ${JSON.stringify(id)}`);
  }
}

export type SandboxControl = {
  // rooms (each change sends LiveKit's presence webhooks: room_started, participant_joined,
  // participant_left, room_finished — see livekit/emulator.ts)
  createRoom(name: string): void;
  /** creates the room if needed; `options`: the display name and attributes a join token would carry */
  joinRoom(room: string, identity: string, options?: JoinOptions): void;
  /** the room closes (and its egresses end) when its last participant leaves */
  leaveRoom(room: string, identity: string): void;
  /** participant_left for each one still in, room_finished, then its egresses end */
  deleteRoom(name: string): void;
  /** the identities in a room, in join order (none for a room that doesn't exist) */
  participants(room: string): string[];
  /** The room's metadata (RoomService/UpdateRoomMetadata), undefined when there is no such room. */
  roomMetadata(room: string): string | undefined;
  /** A participant's attributes (UpdateParticipant, join options), undefined when not in the room. */
  participantAttributes(room: string, identity: string): Record<string, string> | undefined;

  // custom templates (livekit/template-room.ts)
  /**
   * The address the egress's browser opens for an egress with a custom template
   * (`<custom_base_url>?url=…&token=…&layout=…`), undefined without one; throws
   * SandboxNotFoundError for an unknown egress id
   */
  templateUrl(egressId: string): Promise<string | undefined>;
  /**
   * The template's START_RECORDING, as its page would send it: a starting egress waiting for it
   * starts. False when it wasn't waiting; throws SandboxNotFoundError for an unknown egress id
   */
  templateReady(egressId: string): boolean;

  // inspection
  requests(filter?: RequestFilter): RecordedRequest[];
  /** resolves when the next matching request arrives (recorded before any fault/delay applies) */
  nextRequest(filter?: RequestFilter): Promise<RecordedRequest>;
  muxLiveStreams(): MuxLiveStream[];
  /** undefined for an unknown id (HTTP: 404) */
  muxLiveStream(id: string): MuxLiveStream | undefined;
  muxAssets(): MuxAsset[];
  /** undefined for an unknown id (HTTP: 404) */
  muxAsset(id: string): MuxAsset | undefined;
  egresses(): EgressView[];
  /** undefined for an unknown id (HTTP: 404) */
  egress(id: string): EgressView | undefined;
  webhooksSent(filter?: { service?: WebhookService; type?: string }): SentWebhook[];

  // faults
  /** returns the fault id */
  fault(spec: FaultSpec): string;
  clearFaults(): void;
  webhookFault(spec: WebhookFaultSpec): void;
  /** delivers held webhook events newest first; resolves when those deliveries finished */
  releaseHeld(): Promise<void>;
  /**
   * one destination of a running egress fails now (its RTMP server dropped the egress); false when
   * no ACTIVE output matches; throws SandboxNotFoundError for an unknown egress id
   */
  failStreamUrl(egressId: string, urlSubstring: string, error?: string): boolean;
  /**
   * one destination of a running egress drops (its RTMP server hung up): LiveKit retries it,
   * counting `retries` / `last_retry_at`, for up to 30 s, then fails it with `error`; with
   * `recoverAfterMs` (< 30 000) a retry succeeds then and it carries on. False when no ACTIVE
   * output matches; throws SandboxNotFoundError for an unknown egress id
   */
  dropStreamUrl(egressId: string, urlSubstring: string, error?: string, recoverAfterMs?: number): boolean;
  /**
   * MUX's ingest of this live stream drops for `forMs` (a network blip between the egress and
   * MUX): the egress publishing to it retries as `dropStreamUrl` does and reconnects after
   * `forMs` (≥ 30 000: LiveKit gives up and the output fails). MUX sends `disconnected`, then
   * within the stream's `reconnect_window` `connected`/`recording`/`active` and the same asset
   * continues; past it the asset completes (`video.asset.live_stream_completed`, `idle`) and the
   * reconnect makes a new one (`video.asset.created`/`ready`, also in `recent_asset_ids`). False
   * when no running egress publishes to it; throws SandboxNotFoundError for an unknown stream id
   */
  dropMuxIngest(liveStreamId: string, forMs: number): boolean;
  /** future connections to destinations whose URL contains this substring fail */
  refuseIngest(urlSubstring: string, error?: string): void;

  // rate limits
  /**
   * replaces the rate limits in force (`{}` or no argument = all off); buckets start full.
   * Returns what is now in force, defaults filled in. Throws on a malformed setting.
   */
  setRateLimits(settings?: RateLimitSettings): ActiveRateLimits;

  // viewers
  /** throws SandboxNotFoundError unless the id is a live stream's or one of its playback ids */
  setViewers(playbackIdOrLiveStreamId: string, counts: { viewers: number; views: number }): void;

  // ingest health
  /**
   * what the stats host's `live-stream-health` answers for this live stream from now on (drifts in
   * ms, default 0; `updated_at` = now); throws SandboxNotFoundError for an unknown live stream id
   */
  setIngestHealth(liveStreamId: string, health: { status: IngestHealthStatus; streamDriftSessionAvg?: number; streamDriftDeviationFromRollingAvg?: number }): void;
  /** MUX sends `video.live_stream.warning` for this live stream; throws SandboxNotFoundError for an unknown id */
  liveStreamWarning(liveStreamId: string, warning: { type: string; message: string }): void;

  // webhooks
  setWebhookUrl(service: WebhookService, url: string | undefined): void;

  // time
  /** the sandbox clock (ms) */
  now(): number;
  /** move sandbox time forward, run what became due, then settle */
  advance(ms: number): Promise<void>;
  /** resolves when no transition or webhook delivery is pending (never waits on long deadlines) */
  settle(): Promise<void>;

  /** forget everything: streams, assets, rooms, egresses, requests, webhooks, faults, timers; rate limits stay set, buckets refill */
  reset(): void;
};

export function createControl(deps: {
  clock: Clock;
  mux: MuxEmulator;
  livekit: LivekitEmulator;
  recorder: RequestRecorder;
  faults: FaultRegistry;
  webhooks: WebhookDispatcher;
  ingest: IngestNetwork;
  limits: RateLimits;
  templateRoom: TemplateRoom;
}): SandboxControl {
  const { clock, mux, livekit, recorder, faults, webhooks, ingest, limits, templateRoom } = deps;
  const orUndefined = <T>(read: () => T): T | undefined => {
    try {
      return read();
    } catch (error) {
      if (error instanceof MuxApiError) return undefined;
      throw error;
    }
  };
  const egressView = (id: string): EgressView | undefined => {
    const record = livekit.egress(id);
    if (!record) return undefined;
    return toEgressView(record);
  };
  return {
    createRoom: (name) => void livekit.createRoom(name),
    joinRoom: (room, identity, options) => livekit.joinRoom(room, identity, options),
    leaveRoom: (room, identity) => livekit.leaveRoom(room, identity),
    deleteRoom: (name) => void livekit.deleteRoom(name),
    participants: (room) => [...(livekit.room(room)?.participants.keys() ?? [])],
    roomMetadata: (room) => livekit.room(room)?.metadata,
    participantAttributes: (room, identity) => {
      const attributes = livekit.room(room)?.participants.get(identity)?.attributes;
      return attributes ? { ...attributes } : undefined;
    },
    templateUrl: (egressId) => {
      if (!livekit.egress(egressId)) throw new SandboxNotFoundError("egress", egressId);
      return templateRoom.templateUrl(egressId);
    },
    templateReady: (egressId) => {
      if (!livekit.egress(egressId)) throw new SandboxNotFoundError("egress", egressId);
      return livekit.templateReady(egressId);
    },

    requests: (filter) => recorder.list(filter),
    nextRequest: (filter) => recorder.next(filter),
    muxLiveStreams: () => mux.listLiveStreams({}).map(liveStreamJson),
    muxLiveStream: (id) => orUndefined(() => liveStreamJson(mux.getLiveStream(id))),
    muxAssets: () => mux.listAssets().map((a) => assetJson(a, clock.now())),
    muxAsset: (id) => orUndefined(() => assetJson(mux.getAsset(id), clock.now())),
    egresses: () => livekit.allEgresses().map(toEgressView),
    egress: egressView,
    webhooksSent: (filter) =>
      webhooks
        .list()
        .filter((w) => (!filter?.service || w.service === filter.service) && (!filter?.type || w.type === filter.type)),

    fault: (spec) => faults.add(spec),
    clearFaults: () => {
      faults.clear();
      webhooks.clearFaults();
      ingest.clearRefusals();
    },
    webhookFault: (spec) => webhooks.addFault(spec),
    releaseHeld: () => webhooks.releaseHeld(),
    failStreamUrl: (egressId, urlSubstring, error = "stream failed: connection reset by peer") => {
      if (!livekit.egress(egressId)) throw new SandboxNotFoundError("egress", egressId);
      return livekit.failStreamUrl(egressId, urlSubstring, error);
    },
    dropStreamUrl: (egressId, urlSubstring, error = "stream failed: connection reset by peer", recoverAfterMs) => {
      if (!livekit.egress(egressId)) throw new SandboxNotFoundError("egress", egressId);
      return livekit.dropStreamUrl(egressId, urlSubstring, error, recoverAfterMs);
    },
    dropMuxIngest: (liveStreamId, forMs) => {
      const stream = orUndefined(() => mux.getLiveStream(liveStreamId));
      if (!stream) throw new SandboxNotFoundError("live stream", liveStreamId);
      const key = stream.streamKey;
      const publisher = livekit
        .allEgresses()
        .find((e) => e.status === "EGRESS_ACTIVE" && e.streams.some((s) => s.status === "ACTIVE" && (s.raw.includes(key) || s.parsed.includes(key))));
      if (!publisher) return false;
      return livekit.dropStreamUrl(publisher.egressId, key, "stream failed: connection to MUX lost", forMs);
    },
    refuseIngest: (urlSubstring, error = "rtmp connect failed: connection refused") => ingest.refuse(urlSubstring, error),
    setRateLimits: (settings) => limits.configure(settings),

    setViewers: (id, counts) => {
      // The stats host resolves counts through the stream's ids, so counts stored under any
      // other id could never be read back: refuse rather than store them.
      const known = mux.listLiveStreams({}).some((s) => s.id === id || s.playbackIds.some((p) => p.id === id));
      if (!known) throw new SandboxNotFoundError("live stream or playback", id);
      mux.setViewers(id, counts);
    },
    setIngestHealth: (liveStreamId, health) => {
      if (!orUndefined(() => mux.getLiveStream(liveStreamId))) throw new SandboxNotFoundError("live stream", liveStreamId);
      mux.setIngestHealth(liveStreamId, {
        status: health.status,
        streamDriftSessionAvg: health.streamDriftSessionAvg ?? 0,
        streamDriftDeviationFromRollingAvg: health.streamDriftDeviationFromRollingAvg ?? 0,
      });
    },
    liveStreamWarning: (liveStreamId, warning) => {
      if (!orUndefined(() => mux.getLiveStream(liveStreamId))) throw new SandboxNotFoundError("live stream", liveStreamId);
      mux.sendLiveStreamWarning(liveStreamId, warning);
    },
    setWebhookUrl: (service, url) => webhooks.setUrl(service, url),

    now: () => clock.now(),
    advance: (ms) => clock.advance(ms),
    settle: () => clock.settle(),

    reset: () => {
      clock.clear();
      mux.reset();
      livekit.reset();
      recorder.clear();
      faults.clear();
      webhooks.reset();
      ingest.clearRefusals();
      limits.refill();
    },
  };
}

function toEgressView(record: NonNullable<ReturnType<LivekitEmulator["egress"]>>): EgressView {
  const ns = (ms: number | undefined): string => (ms === undefined ? "0" : String(BigInt(Math.round(ms * 1_000_000))));
  return {
    egress_id: record.egressId,
    room_id: record.roomId,
    room_name: record.roomName,
    status: record.status,
    started_at: ns(record.startedAtMs),
    ended_at: ns(record.endedAtMs),
    updated_at: ns(record.updatedAtMs),
    error: record.error,
    error_code: record.errorCode,
    details: record.details,
    stream_results: record.streams.map((s) => ({
      url: s.redacted,
      status: s.status,
      started_at: ns(s.startedAtMs),
      ended_at: ns(s.endedAtMs),
      duration: s.startedAtMs !== undefined && s.endedAtMs !== undefined ? ns(s.endedAtMs - s.startedAtMs) : "0",
      error: s.error,
    })),
    raw_urls: record.streams.map((s) => s.raw),
  };
}
