"use client";
// One room's livestream in the browser: discover it, go live and end it through the server actions,
// and poll the status route thinly (docs/ui.md, "Embedding: server actions, hook, components").
import { useCallback, useEffect, useReducer, useRef } from "react";
import type { ActionResult, ChangeLivestreamInput, GoLiveInput } from "../../http";
import type { LivestreamStatusResult } from "../../contract/client";
import { useGoliveActions } from "../actions";
import { discoverLivestreamStatus, fetchLivestreamStatus } from "../livestream/status-request";
import type { RequestError } from "../livestream/types";
import { isLive } from "../../contract/client";
import { initialLivestreamState, isTransient, type LivestreamState, livestreamReducer } from "./livestream-state";

// Polling is deliberately thin (invariant 6 bounds upstream calls; this bounds ours): at most one
// status request per POLL_MS per tab, none while the tab is hidden, none once the livestream has
// ended or failed, and none before there is a livestream to watch.
export const POLL_MS = 3_000;

export type { LivestreamPending } from "./livestream-state";

export type UseLivestream = LivestreamState & {
  goLive: (input: Omit<GoLiveInput, "roomName">) => Promise<boolean>;
  end: () => Promise<boolean>;
  /** Change the live broadcast: switch its layout, add or remove destinations. */
  change: (changes: Omit<ChangeLivestreamInput, "livestreamId" | "roomName">) => Promise<boolean>;
  /** Add a failed extra destination to the live broadcast again (its sealed URL). */
  retry: (destinationId: string) => Promise<boolean>;
  /** Forget an ended/failed livestream to set up the next one. */
  reset: () => void;
  /** Look for a live livestream of yours in this room now (e.g. after "already live"). */
  rediscover: () => Promise<void>;
};

const unreachable: RequestError = { code: "network", message: "The server could not be reached." };

export function useLivestream(roomName: string): UseLivestream {
  const [state, dispatch] = useReducer(livestreamReducer, initialLivestreamState);
  const { goLive: goLiveAction, endLivestream, updateLivestream, retryDestination } = useGoliveActions();
  const lastRequestAt = useRef(0);
  const finalRead = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(finalRead.current), []);

  const rediscover = useCallback(async () => {
    lastRequestAt.current = Date.now();
    const read = await discoverLivestreamStatus(roomName);
    dispatch({ type: "rediscovered", read, at: Date.now() });
  }, [roomName]);

  // Discovery: is this room already live (for this user) when the page opens?
  useEffect(() => {
    let cancelled = false;
    lastRequestAt.current = Date.now();
    void discoverLivestreamStatus(roomName).then((read) => {
      if (!cancelled) dispatch({ type: "discovered", read, at: Date.now() });
    });
    return () => {
      cancelled = true;
    };
  }, [roomName]);

  // Polling, by id so that the final state (completed / failed) is seen too.
  const pollId = state.broadcast && isLive(state.broadcast.status) ? state.broadcast.livestreamId : null;
  useEffect(() => {
    if (!pollId) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let inFlight = false;
    let stopped = false;
    const controller = new AbortController();

    const schedule = () => {
      clearTimeout(timer);
      if (stopped || document.hidden) return;
      timer = setTimeout(tick, Math.max(0, lastRequestAt.current + POLL_MS - Date.now()));
    };
    const tick = async () => {
      if (stopped || inFlight || document.hidden) return;
      inFlight = true;
      lastRequestAt.current = Date.now();
      const read = await fetchLivestreamStatus({ id: pollId }, controller.signal);
      inFlight = false;
      if (stopped) return;
      dispatch({ type: "polled", read, at: Date.now() });
      if (read.ok || isTransient(read.error)) schedule();
    };
    const onVisibility = () => (document.hidden ? clearTimeout(timer) : schedule());

    document.addEventListener("visibilitychange", onVisibility);
    schedule();
    return () => {
      stopped = true;
      clearTimeout(timer);
      controller.abort();
      document.removeEventListener("visibilitychange", onVisibility);
    };
  }, [pollId]);

  const goLive = useCallback<UseLivestream["goLive"]>(
    async (input) => {
      dispatch({ type: "startRequested" });
      const result = await goLiveAction({ ...input, roomName }).catch(() => null);
      if (!result || !result.ok) {
        dispatch({ type: "requestFailed", request: "start", error: result ? { code: result.code, message: result.error } : unreachable });
        return false;
      }
      const look = { layout: input.layout, quality: input.quality, orientation: input.orientation, visibility: input.visibility, captions: input.captions, title: input.title?.trim() || null, description: input.description?.trim() || null };
      dispatch({ type: "started", result: result.data, roomName, look, at: Date.now() });
      return true;
    },
    [roomName, goLiveAction],
  );

  const livestreamId = state.broadcast?.livestreamId;
  const end = useCallback<UseLivestream["end"]>(async () => {
    if (!livestreamId) return false;
    dispatch({ type: "stopRequested" });
    const result = await endLivestream({ livestreamId }).catch(() => null);
    if (!result || !result.ok) {
      dispatch({ type: "requestFailed", request: "stop", error: result ? { code: result.code, message: result.error } : unreachable });
      return false;
    }
    dispatch({ type: "stopped", result: result.data, at: Date.now() });
    // One last read, still at most one request per POLL_MS, for the server's final duration
    // and the recording's ids (MUX's webhooks may bring those just after the stop).
    clearTimeout(finalRead.current);
    finalRead.current = setTimeout(
      () => {
        lastRequestAt.current = Date.now();
        void fetchLivestreamStatus({ id: livestreamId }).then((read) => {
          if (read.ok) dispatch({ type: "polled", read, at: Date.now() });
        });
      },
      Math.max(0, lastRequestAt.current + POLL_MS - Date.now()),
    );
    return true;
  }, [livestreamId, endLivestream]);

  // A change and a retry alter the live broadcast alike: the same pending state, error slot and answer.
  const alter = useCallback(async (call: (livestreamId: string) => Promise<ActionResult<LivestreamStatusResult>>) => {
    if (!livestreamId) return false;
    dispatch({ type: "changeRequested" });
    const result = await call(livestreamId).catch(() => null);
    if (!result || !result.ok) {
      dispatch({ type: "requestFailed", request: "change", error: result ? { code: result.code, message: result.error } : unreachable });
      return false;
    }
    lastRequestAt.current = Date.now();
    dispatch({ type: "changed", status: result.data, at: Date.now() });
    return true;
  }, [livestreamId]);

  const change = useCallback<UseLivestream["change"]>((changes) => alter((id) => updateLivestream({ ...changes, livestreamId: id })), [alter, updateLivestream]);
  const retry = useCallback<UseLivestream["retry"]>((destinationId) => alter((id) => retryDestination({ livestreamId: id, destinationId })), [alter, retryDestination]);

  const reset = useCallback(() => {
    clearTimeout(finalRead.current);
    dispatch({ type: "reset" });
  }, []);

  const { broadcast, fetchedAt, pending, error, errorAction, stale } = state;
  return { broadcast, fetchedAt, pending, error, errorAction, stale, goLive, end, change, retry, reset, rediscover };
}
