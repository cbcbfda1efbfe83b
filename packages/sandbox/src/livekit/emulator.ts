/**
 * LiveKit rooms and room-composite stream egress, as a state machine.
 *
 * Faithful to (livekit-server pkg/service/egress.go, livekit/egress pkg/pipeline/controller.go,
 * livekit/protocol livekit/egress.go):
 * - starting an egress needs the room to exist (`not_found "requested room does not exist"`);
 * - an egress is EGRESS_STARTING, then EGRESS_ACTIVE when the pipeline runs (after
 *   `egressStartDelayMs`); RTMP outputs get `started_at` only once connected;
 * - StopEgress only for STARTING/ACTIVE, else `failed_precondition "egress with status X cannot
 *   be stopped"`; stopping an ACTIVE egress answers EGRESS_ENDING and then completes
 *   (EGRESS_COMPLETE, outputs FINISHED); stopping a STARTING one aborts it
 *   (EGRESS_ABORTED, error "Stop called before pipeline could start", error_code 412);
 * - the room closing ends its egresses the same way (details "End reason: Source closed");
 * - UpdateStream adds/removes outputs; removing the last one ends the egress; an output that fails
 *   is FAILED with its error, and when no output is left the egress is EGRESS_FAILED with that
 *   error (details "End reason: Failure");
 * - webhooks egress_started / egress_updated / egress_ended;
 * - presence webhooks (livekit-server pkg/service/roommanager.go, pkg/rtc/room.go): room_started
 *   when a room is created, participant_joined when a participant is in; participant_left when
 *   one leaves; closing a room (last one left, DeleteRoom) closes each participant that is still
 *   in (participant_left each), then sends room_finished — then its egresses end, as the egress
 *   notices its source is gone only after the room closed;
 * - RemoveParticipant (livekit-server pkg/service/roomservice.go): `not_found "requested room
 *   does not exist"` / `not_found "participant not found"`, else the participant is closed like
 *   a leave (participant_left; the room closes if it was the last one).
 * Chosen, not verified: a room exists from createRoom/joinRoom until deleted or its last
 * participant leaves (real LiveKit waits `departure_timeout`, 20 s by default, and closes empty
 * rooms after `empty_timeout`); UpdateStream with one bad URL rejects the whole call (the real
 * egress applies the good ones and returns an error); ListEgress `active` = not yet ended.
 * - a custom template (`custom_base_url`): the egress's browser opens the page and the pipeline
 *   starts only at the page's START_RECORDING (template-room.ts is the page's side); until then
 *   the egress stays EGRESS_STARTING, and a stop then aborts it like any start stopped early.
 * Opt-in (rate-limits.ts): a project's concurrent-egress cap — a start beyond the egresses not yet
 * ended is refused with LiveKit Cloud's `resource_exhausted` "concurrent egress sessions limit
 * exceeded"; checked after the request and room are found valid (order chosen, not verified).
 * Cannot catch: media, layouts/templates, Chrome rendering, egress worker capacity of a
 * self-hosted deployment, automatic RTMP reconnects of newer egress versions, file/segment output.
 */
import type { Clock, TaskHandle } from "../clock";
import type { IngestConnection, IngestNetwork } from "../ingest";
import type { Ids } from "../ids";
import { EGRESS_LIMIT_ERROR } from "../rate-limits";
import {
  type EgressRecord,
  type EgressStatusName,
  type RoomRecord,
  type StreamRecord,
  egressMessage,
  participantMessage,
  roomMessage,
} from "./encode";
import { parseStreamUrl, protocolOf, StreamUrlError, type ParsedStreamUrl, type StreamFamily } from "./urls";
import type { LivekitWebhookSender } from "./webhooks";

export class TwirpError extends Error {
  constructor(
    readonly code: string,
    readonly msg: string,
  ) {
    super(msg);
  }
}

export type StartEgressInput = {
  roomName: string;
  layout: string;
  audioOnly: boolean;
  videoOnly: boolean;
  customBaseUrl: string;
  legacyStream: boolean;
  protocol?: string | number;
  urls: string[];
  advanced?: Record<string, unknown>;
  preset?: string | number;
};

const END_REASON = {
  api: "End reason: StopEgress API",
  source: "End reason: Source closed",
  streams: "End reason: All streams stopped",
  failure: "End reason: Failure",
} as const;
const MSG_STOPPED_BEFORE_STARTED = "Stop called before pipeline could start";
/** Chosen: how often a dropped output retries (the real sink's pace depends on the server). */
const RETRY_INTERVAL_MS = 2_000;
/** livekit/egress builder/stream.go livenessIdleTimeout: a dropped output fails after this. */
const RETRY_WINDOW_MS = 30_000;
/** livekit/egress controller.go streamRetryUpdateInterval: retry updates at most this often. */
const RETRY_UPDATE_INTERVAL_MS = 60_000;

type Live = { connections: Map<StreamRecord, IngestConnection>; startTimer?: TaskHandle; family: StreamFamily; awaitingTemplate?: boolean };

/** A participant joining: a display name and attributes as a join token would carry them. */
export type JoinOptions = { name?: string; attributes?: Record<string, string> };

export class LivekitEmulator {
  private rooms = new Map<string, RoomRecord>();
  private egresses = new Map<string, EgressRecord>();
  private live = new Map<string, Live>();
  /** false: an egress with a custom template starts as if its page signalled at once (SandboxConfig.templateReadiness). */
  awaitTemplates = true;

  constructor(
    private readonly clock: Clock,
    private readonly ingest: IngestNetwork,
    private readonly webhooks: LivekitWebhookSender,
    private readonly egressStartDelayMs: number,
    private readonly ids: Ids,
    private readonly limits?: { maxConcurrentEgress(): number | undefined },
  ) {}

  reset(): void {
    for (const live of this.live.values()) live.startTimer?.cancel();
    this.rooms.clear();
    this.egresses.clear();
    this.live.clear();
  }

  // ---- rooms ------------------------------------------------------------------------------

  createRoom(name: string): RoomRecord {
    const existing = this.rooms.get(name);
    if (existing) return existing;
    const room: RoomRecord = { sid: this.ids.livekitId("RM_"), name, createdAtMs: this.clock.now(), metadata: "", participants: new Map() };
    this.rooms.set(name, room);
    this.webhooks.sendRoom("room_started", roomMessage(room));
    return room;
  }

  /** Joining again with an identity already in the room changes nothing (no second participant_joined). */
  joinRoom(roomName: string, identity: string, options: JoinOptions = {}): void {
    const room = this.createRoom(roomName);
    if (!room.participants.has(identity)) {
      const participant = { sid: this.ids.livekitId("PA_"), identity, joinedAtMs: this.clock.now(), name: options.name || identity, metadata: "", attributes: { ...options.attributes } };
      room.participants.set(identity, participant);
      this.webhooks.sendParticipant("participant_joined", roomMessage(room), participantMessage(participant));
    }
  }

  leaveRoom(roomName: string, identity: string): void {
    const room = this.rooms.get(roomName);
    if (!room) return;
    const participant = room.participants.get(identity);
    if (participant) {
      room.participants.delete(identity);
      this.webhooks.sendParticipant("participant_left", roomMessage(room), participantMessage(participant, "DISCONNECTED"));
    }
    if (room.participants.size === 0) this.deleteRoom(roomName);
  }

  /** RoomService/RemoveParticipant: the participant is taken out as if they left. */
  removeParticipant(roomName: string, identity: string): void {
    const room = this.rooms.get(roomName);
    if (!room) throw new TwirpError("not_found", "requested room does not exist");
    if (!room.participants.has(identity)) throw new TwirpError("not_found", "participant not found");
    this.leaveRoom(roomName, identity);
  }

  deleteRoom(roomName: string): boolean {
    const room = this.rooms.get(roomName);
    if (!room) return false;
    this.rooms.delete(roomName);
    for (const participant of [...room.participants.values()]) {
      room.participants.delete(participant.identity);
      this.webhooks.sendParticipant("participant_left", roomMessage(room), participantMessage(participant, "DISCONNECTED"));
    }
    this.webhooks.sendRoom("room_finished", roomMessage(room));
    for (const egress of this.egresses.values()) {
      if (egress.roomId === room.sid && (egress.status === "EGRESS_STARTING" || egress.status === "EGRESS_ACTIVE")) {
        this.endEgress(egress, END_REASON.source);
      }
    }
    return true;
  }

  listRooms(names: string[]): RoomRecord[] {
    return [...this.rooms.values()].filter((r) => names.length === 0 || names.includes(r.name));
  }

  room(name: string): RoomRecord | undefined {
    return this.rooms.get(name);
  }

  // ---- egress -----------------------------------------------------------------------------

  startRoomComposite(input: StartEgressInput): EgressRecord {
    if (input.urls.length === 0) throw new TwirpError("invalid_argument", "request has no stream outputs");
    const parsed = this.validateUrls(input.urls, undefined);
    const family = parsed[0]?.family ?? "rtmp";
    const declared = protocolName(input.protocol);
    if (declared !== undefined && declared !== "DEFAULT_PROTOCOL" && declared !== protocolOf(family)) {
      throw new TwirpError("invalid_argument", `stream protocol ${declared} does not match url scheme ${family}`);
    }
    const room = this.rooms.get(input.roomName);
    if (!room) throw new TwirpError("not_found", "requested room does not exist");
    const cap = this.limits?.maxConcurrentEgress();
    if (cap !== undefined && [...this.egresses.values()].filter((e) => e.endedAtMs === undefined).length >= cap) {
      throw new TwirpError(EGRESS_LIMIT_ERROR.code, EGRESS_LIMIT_ERROR.msg);
    }

    const egress: EgressRecord = {
      egressId: this.ids.livekitId("EG_"),
      roomId: room.sid,
      roomName: room.name,
      status: "EGRESS_STARTING",
      updatedAtMs: this.clock.now(),
      layout: input.layout,
      audioOnly: input.audioOnly,
      videoOnly: input.videoOnly,
      customBaseUrl: input.customBaseUrl,
      protocol: protocolOf(family),
      legacyStream: input.legacyStream,
      advanced: input.advanced,
      preset: input.preset,
      streams: parsed.map(newStream),
      error: "",
      errorCode: 0,
      details: "",
    };
    const live: Live = { connections: new Map(), family };
    this.egresses.set(egress.egressId, egress);
    this.live.set(egress.egressId, live);
    this.webhooks.send("egress_started", egressMessage(egress));
    if (egress.customBaseUrl !== "" && this.awaitTemplates) live.awaitingTemplate = true;
    else live.startTimer = this.clock.schedule(this.egressStartDelayMs, () => this.activate(egress));
    return egress;
  }

  /**
   * The template page's START_RECORDING: a starting egress waiting for its page starts its
   * pipeline. False when it was not waiting (no template, already signalled, or ended).
   */
  templateReady(egressId: string): boolean {
    const egress = this.get(egressId);
    const live = this.liveOf(egress);
    if (egress.status !== "EGRESS_STARTING" || !live.awaitingTemplate) return false;
    live.awaitingTemplate = false;
    live.startTimer = this.clock.schedule(this.egressStartDelayMs, () => this.activate(egress));
    return true;
  }

  /** Whether a starting egress still waits for its template's START_RECORDING. */
  awaitsTemplate(egressId: string): boolean {
    return this.live.get(egressId)?.awaitingTemplate === true;
  }

  stopEgress(egressId: string): EgressRecord {
    const egress = this.get(egressId);
    if (egress.status !== "EGRESS_STARTING" && egress.status !== "EGRESS_ACTIVE") {
      throw new TwirpError("failed_precondition", `egress with status ${egress.status} cannot be stopped`);
    }
    this.endEgress(egress, END_REASON.api);
    return egress;
  }

  updateStream(egressId: string, add: string[], remove: string[]): EgressRecord {
    const egress = this.get(egressId);
    if (egress.status !== "EGRESS_STARTING" && egress.status !== "EGRESS_ACTIVE") {
      throw new TwirpError("failed_precondition", `egress with status ${egress.status} cannot be updated`);
    }
    const live = this.liveOf(egress);
    const added = this.validateUrls(add, live.family);
    const removed = remove.map((raw) => {
      const target = findStream(egress, raw);
      if (!target) throw new TwirpError("not_found", `stream ${safeRedact(raw)} not found`);
      return target;
    });
    for (const url of added) {
      const stream = newStream(url);
      egress.streams.push(stream);
      if (egress.status === "EGRESS_ACTIVE") this.connectStream(egress, stream);
    }
    for (const stream of removed) this.finishStream(egress, stream);
    egress.updatedAtMs = this.clock.now();
    if (activeStreams(egress).length === 0) {
      this.endEgress(egress, END_REASON.streams);
    } else {
      this.webhooks.send("egress_updated", egressMessage(egress));
    }
    return egress;
  }

  updateLayout(egressId: string, layout: string): EgressRecord {
    const egress = this.get(egressId);
    if (egress.status !== "EGRESS_STARTING" && egress.status !== "EGRESS_ACTIVE") {
      throw new TwirpError("failed_precondition", `egress with status ${egress.status} cannot be updated`);
    }
    egress.layout = layout;
    egress.updatedAtMs = this.clock.now();
    this.webhooks.send("egress_updated", egressMessage(egress));
    return egress;
  }

  listEgress(filter: { roomName: string; egressId: string; active: boolean }): EgressRecord[] {
    return [...this.egresses.values()].filter(
      (e) =>
        (!filter.roomName || e.roomName === filter.roomName) &&
        (!filter.egressId || e.egressId === filter.egressId) &&
        (!filter.active || e.endedAtMs === undefined),
    );
  }

  egress(egressId: string): EgressRecord | undefined {
    return this.egresses.get(egressId);
  }

  allEgresses(): EgressRecord[] {
    return [...this.egresses.values()];
  }

  /**
   * Make one destination fail (as if its RTMP server dropped us), matched by a substring of its
   * URL. Returns false when no ACTIVE output matched.
   */
  failStreamUrl(egressId: string, urlSubstring: string, error: string): boolean {
    const egress = this.get(egressId);
    const stream = egress.streams.find(
      (s) => s.status === "ACTIVE" && (s.raw.includes(urlSubstring) || s.parsed.includes(urlSubstring)),
    );
    if (!stream) return false;
    this.failStream(egress, stream, error);
    return true;
  }

  /**
   * One destination drops (its RTMP server hung up) and LiveKit reconnects it, as the egress's
   * stream sink does: every RETRY_INTERVAL_MS a retry counts (`retries`, `last_retry_at`); the
   * first retry and then at most one a minute send `egress_updated` (controller.go
   * `trackStreamRetry`, `streamRetryUpdateInterval`); after RETRY_WINDOW_MS without data the
   * output fails with `error` (builder/stream.go `livenessIdleTimeout`). With `recoverAfterMs`
   * below the window, the retry then reconnects it. False when no ACTIVE output matched.
   */
  dropStreamUrl(egressId: string, urlSubstring: string, error: string, recoverAfterMs?: number): boolean {
    const egress = this.get(egressId);
    const stream = egress.streams.find((s) => s.status === "ACTIVE" && (s.raw.includes(urlSubstring) || s.parsed.includes(urlSubstring)));
    if (!stream) return false;
    this.hangUp(egress, stream);
    const droppedAt = this.clock.now();
    let lastUpdateAt: number | undefined;
    const retry = () => {
      if (stream.status !== "ACTIVE" || egress.status !== "EGRESS_ACTIVE") return;
      const now = this.clock.now();
      if (now - droppedAt >= RETRY_WINDOW_MS) {
        this.failStream(egress, stream, error);
        return;
      }
      stream.retries = (stream.retries ?? 0) + 1;
      stream.lastRetryAtMs = now;
      if (recoverAfterMs !== undefined && now - droppedAt >= recoverAfterMs) {
        this.connectStream(egress, stream);
        return;
      }
      if (lastUpdateAt === undefined || now - lastUpdateAt >= RETRY_UPDATE_INTERVAL_MS) {
        lastUpdateAt = now;
        egress.updatedAtMs = now;
        this.webhooks.send("egress_updated", egressMessage(egress));
      }
      // "background": settle() must not wait out a 30 s window.
      this.clock.schedule(RETRY_INTERVAL_MS, retry, "background");
    };
    this.clock.schedule(RETRY_INTERVAL_MS, retry, "background");
    return true;
  }

  // ---- internals --------------------------------------------------------------------------

  private get(egressId: string): EgressRecord {
    const egress = this.egresses.get(egressId);
    if (!egress) throw new TwirpError("not_found", "egress does not exist");
    return egress;
  }

  private liveOf(egress: EgressRecord): Live {
    let live = this.live.get(egress.egressId);
    if (!live) {
      live = { connections: new Map(), family: egress.protocol === "SRT" ? "srt" : "rtmp" };
      this.live.set(egress.egressId, live);
    }
    return live;
  }

  private validateUrls(urls: string[], family: StreamFamily | undefined): ParsedStreamUrl[] {
    const parsed: ParsedStreamUrl[] = [];
    for (const raw of urls) {
      try {
        parsed.push(parseStreamUrl(raw));
      } catch (error) {
        if (error instanceof StreamUrlError) throw new TwirpError("invalid_argument", error.message);
        throw error;
      }
    }
    const families = new Set([...(family ? [family] : []), ...parsed.map((p) => p.family)]);
    if (families.size > 1) {
      throw new TwirpError(
        "invalid_argument",
        `all stream urls must use the same protocol, got ${[...families].join(" and ")}`,
      );
    }
    return parsed;
  }

  private activate(egress: EgressRecord): void {
    if (egress.status !== "EGRESS_STARTING") return;
    const now = this.clock.now();
    egress.status = "EGRESS_ACTIVE";
    egress.startedAtMs = now;
    egress.updatedAtMs = now;
    for (const stream of [...egress.streams]) {
      if (stream.status === "ACTIVE") this.connectStream(egress, stream);
    }
    if (egress.status === "EGRESS_ACTIVE") this.webhooks.send("egress_updated", egressMessage(egress));
  }

  private connectStream(egress: EgressRecord, stream: StreamRecord): void {
    const result = this.ingest.connect(stream.parsed, (reason) => this.failStream(egress, stream, reason));
    if (!result.accepted) {
      this.failStream(egress, stream, result.error);
      return;
    }
    stream.startedAtMs = this.clock.now();
    this.liveOf(egress).connections.set(stream, result.connection);
  }

  private finishStream(egress: EgressRecord, stream: StreamRecord): void {
    if (stream.status !== "ACTIVE") return;
    stream.status = "FINISHED";
    stream.endedAtMs = this.clock.now();
    this.hangUp(egress, stream);
  }

  private failStream(egress: EgressRecord, stream: StreamRecord, error: string): void {
    if (stream.status !== "ACTIVE") return;
    stream.status = "FAILED";
    stream.error = error;
    stream.endedAtMs = this.clock.now();
    this.hangUp(egress, stream);
    egress.updatedAtMs = this.clock.now();
    if (activeStreams(egress).length > 0) {
      if (egress.status === "EGRESS_ACTIVE") this.webhooks.send("egress_updated", egressMessage(egress));
      return;
    }
    // No output left: the pipeline fails with the stream's error.
    egress.status = "EGRESS_FAILED";
    egress.error = error;
    egress.errorCode = 500;
    egress.details = egress.details || END_REASON.failure;
    egress.endedAtMs = this.clock.now();
    this.liveOf(egress).startTimer?.cancel();
    this.webhooks.send("egress_ended", egressMessage(egress));
  }

  private hangUp(egress: EgressRecord, stream: StreamRecord): void {
    const live = this.liveOf(egress);
    const connection = live.connections.get(stream);
    live.connections.delete(stream);
    connection?.close();
  }

  /** StopEgress / room closed / last output removed. */
  private endEgress(egress: EgressRecord, reason: string): void {
    const now = this.clock.now();
    egress.details = reason;
    egress.updatedAtMs = now;
    const live = this.liveOf(egress);
    if (egress.status === "EGRESS_STARTING") {
      live.startTimer?.cancel();
      for (const stream of egress.streams) if (stream.status === "ACTIVE") this.finishStream(egress, stream);
      setEnded(egress, "EGRESS_ABORTED", now);
      egress.error = MSG_STOPPED_BEFORE_STARTED;
      egress.errorCode = 412;
      this.webhooks.send("egress_ended", egressMessage(egress));
      return;
    }
    if (egress.status !== "EGRESS_ACTIVE") return;
    // EOS: outputs hang up now; the pipeline drains and the egress completes a moment later.
    for (const stream of egress.streams) if (stream.status === "ACTIVE") this.finishStream(egress, stream);
    egress.status = "EGRESS_ENDING";
    this.webhooks.send("egress_updated", egressMessage(egress));
    this.clock.schedule(0, () => {
      if (egress.status !== "EGRESS_ENDING") return;
      setEnded(egress, "EGRESS_COMPLETE", this.clock.now());
      this.webhooks.send("egress_ended", egressMessage(egress));
    });
  }
}

function newStream(url: ParsedStreamUrl): StreamRecord {
  return { raw: url.raw, parsed: url.parsed, redacted: url.redacted, status: "ACTIVE", error: "" };
}

function activeStreams(egress: EgressRecord): StreamRecord[] {
  return egress.streams.filter((s) => s.status === "ACTIVE");
}

function findStream(egress: EgressRecord, raw: string): StreamRecord | undefined {
  let parsed = raw;
  try {
    parsed = parseStreamUrl(raw).parsed;
  } catch {
    // an unparseable URL simply matches nothing below
  }
  return egress.streams.find((s) => s.status === "ACTIVE" && (s.raw === raw || s.parsed === parsed));
}

function setEnded(egress: EgressRecord, status: EgressStatusName, now: number): void {
  egress.status = status;
  egress.endedAtMs = now;
  egress.updatedAtMs = now;
}

function safeRedact(raw: string): string {
  try {
    return parseStreamUrl(raw).redacted;
  } catch {
    return "(invalid url)";
  }
}

const PROTOCOL_NAMES = ["DEFAULT_PROTOCOL", "RTMP", "SRT", "WEBSOCKET"] as const;

function protocolName(value: string | number | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value === "number") return PROTOCOL_NAMES[value] ?? String(value);
  return value;
}
