// One room's livestream in the browser as a pure reducer: what each server answer does to it, no
// timers, fetches or clock (docs/ui.md, "Embedding: server actions, hook, components").
import type { RequestError } from "../livestream/types";
import { DEFAULT_LAYOUT, DEFAULT_ORIENTATION, DEFAULT_QUALITY, durationAt, type LivestreamStatusResult, type StartLivestreamResult, type StopLivestreamResult } from "../../contract/client";

export type LivestreamPending = "discovering" | "starting" | "stopping" | "changing" | null;
export type LivestreamRequest = "start" | "stop" | "status" | "change";

export type LivestreamState = {
  /**
   * The latest known state of this room's livestream, or null when there is none. Named
   * `broadcast` because useLivestream returns this state as is, under its documented names.
   */
  broadcast: LivestreamStatusResult | null;
  /** When `broadcast` was last read from the server (ms since epoch), for local elapsed time. */
  fetchedAt: number;
  pending: LivestreamPending;
  /** The last failed request; cleared when the next action starts or succeeds. */
  error: RequestError | null;
  /** Which request produced `error`, so its sentence can say what to do next. */
  errorAction: LivestreamRequest | null;
  /** True while polls fail to reach the server (shown as "reconnecting", state is kept). */
  stale: boolean;
};

/** A status read: the answer of the status route, or the error it became. */
export type StatusRead = { ok: true; data: LivestreamStatusResult } | { ok: false; error: RequestError };

export type BroadcastLook = Pick<LivestreamStatusResult, "layout" | "quality" | "orientation" | "visibility" | "captions" | "title" | "description">;

export type LivestreamEvent =
  /** The first read on mount: is this room already live (for this user)? */
  | { type: "discovered"; read: StatusRead; at: number }
  /** "Show my livestream in this room": like discovery, and a success clears the error. */
  | { type: "rediscovered"; read: StatusRead; at: number }
  /** A poll by id (also the final read after a stop). */
  | { type: "polled"; read: StatusRead; at: number }
  | { type: "startRequested" }
  /** `look`: the layout, quality and orientation asked for (defaults where not asked). */
  | { type: "started"; result: StartLivestreamResult; roomName: string; look?: Partial<BroadcastLook>; at: number }
  | { type: "stopRequested" }
  /** A change while live (layout, destinations): its answer is the broadcast's status. */
  | { type: "changeRequested" }
  | { type: "changed"; status: LivestreamStatusResult; at: number }
  | { type: "stopped"; result: StopLivestreamResult; at: number }
  | { type: "requestFailed"; request: "start" | "stop" | "change"; error: RequestError }
  | { type: "reset" };

export const initialLivestreamState: LivestreamState = {
  broadcast: null,
  fetchedAt: 0,
  pending: "discovering",
  error: null,
  errorAction: null,
  stale: false,
};

/** Failures that polling rides out (the server may be back next time); others end polling. */
export function isTransient(error: RequestError): boolean {
  return error.code === "network" || error.code === "internal_error";
}

function accept(state: LivestreamState, broadcast: LivestreamStatusResult, at: number): LivestreamState {
  return { ...state, broadcast, fetchedAt: at, stale: false };
}

function fail(state: LivestreamState, request: LivestreamRequest, error: RequestError): LivestreamState {
  return { ...state, error, errorAction: request };
}

/** What the page shows the moment a start succeeds; the next poll fills in destinations and times. */
export function provisionalStatus(started: StartLivestreamResult, roomName: string, look: Partial<BroadcastLook> = {}): LivestreamStatusResult {
  return {
    livestreamId: started.livestreamId,
    roomName,
    status: started.status === "active" ? "active" : "starting",
    muxPlaybackId: started.muxPlaybackId,
    playbackUrl: started.playbackUrl,
    // A stream without media has no viewers; whether counts are available is known at the next read.
    viewerCount: 0,
    viewerCountAvailable: true,
    startedAt: null,
    duration: 0,
    failureReason: null,
    endReason: null,
    guardrail: null,
    health: { ingestAvailable: true, ingest: null, warning: null },
    muxAssetId: null,
    vodPlaybackId: null,
    recordings: [],
    destinations: [],
    layout: look.layout ?? DEFAULT_LAYOUT,
    quality: look.quality ?? DEFAULT_QUALITY,
    orientation: look.orientation ?? DEFAULT_ORIENTATION,
    visibility: look.visibility ?? "public",
    captions: look.captions ?? null,
    title: look.title ?? null,
    description: look.description ?? null,
  };
}

/** The livestream as it ended, until the final read brings the server's duration and recording ids. */
export function endedStatus(current: LivestreamStatusResult, fetchedAt: number, stopped: StopLivestreamResult, at: number): LivestreamStatusResult {
  return {
    ...current,
    status: stopped.status === "failed" ? "failed" : "completed",
    duration: durationAt(current.duration, fetchedAt, at),
    muxAssetId: stopped.muxAssetId,
    vodPlaybackId: stopped.vodPlaybackId,
    viewerCount: 0,
    destinations: current.destinations.map((d) => (d.status === "failed" ? d : { ...d, status: d.status ? "finished" : undefined })),
  };
}

export function livestreamReducer(state: LivestreamState, event: LivestreamEvent): LivestreamState {
  switch (event.type) {
    case "discovered": {
      const next = event.read.ok
        ? accept(state, event.read.data, event.at)
        : event.read.error.code === "not_found" // nothing live here: the normal case
          ? state
          : fail(state, "status", event.read.error);
      return { ...next, pending: state.pending === "discovering" ? null : state.pending };
    }
    case "rediscovered":
      if (event.read.ok) return { ...accept(state, event.read.data, event.at), error: null, errorAction: null };
      return event.read.error.code === "not_found" ? state : fail(state, "status", event.read.error);
    case "polled":
      if (event.read.ok) return accept(state, event.read.data, event.at);
      // 401 / 404: polling further won't help, so it becomes an error to act on.
      return isTransient(event.read.error) ? { ...state, stale: true } : fail(state, "status", event.read.error);
    case "startRequested":
      return { ...state, pending: "starting", error: null, errorAction: null };
    case "started":
      return { ...accept(state, provisionalStatus(event.result, event.roomName, event.look), event.at), pending: null };
    case "stopRequested":
      return { ...state, pending: "stopping", error: null, errorAction: null };
    case "changeRequested":
      return { ...state, pending: "changing", error: null, errorAction: null };
    case "changed":
      // Another broadcast shown meanwhile (reset, rediscovered): this answer is not about it.
      if (state.broadcast && state.broadcast.livestreamId !== event.status.livestreamId) return { ...state, pending: null };
      return { ...accept(state, event.status, event.at), pending: null };
    case "stopped": {
      const current = state.broadcast;
      // Reset (or another livestream shown) while the stop was in flight: nothing to patch.
      if (!current || current.livestreamId !== event.result.livestreamId) return { ...state, pending: null };
      return { ...accept(state, endedStatus(current, state.fetchedAt, event.result, event.at), event.at), pending: null };
    }
    case "requestFailed":
      return { ...fail(state, event.request, event.error), pending: null };
    case "reset":
      return { ...state, broadcast: null, error: null, errorAction: null };
  }
}
