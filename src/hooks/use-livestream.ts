"use client";
// The state of one room's broadcast in the browser: discover it on mount, go live and end it
// through the server actions, and keep it fresh by polling the status route.
//
// Polling is deliberately thin (DESIGN invariant 6 bounds upstream calls; this bounds ours):
// at most one status request per POLL_MS per tab, none while the tab is hidden, none once
// the broadcast has ended or failed, and none before there is a broadcast to watch.
import { useCallback, useEffect, useRef, useState } from "react";
import { endLivestream, goLive as goLiveAction, type GoLiveInput } from "@/app/actions/livestream";
import { fetchBroadcastStatus } from "@/components/livestream/status-request";
import { type BroadcastStatus, isLiveState, type RequestError } from "@/components/livestream/types";

export const POLL_MS = 3_000;

export type LivestreamPending = "discovering" | "starting" | "stopping" | null;

export type UseLivestream = {
  /** The latest known state of this room's broadcast, or null when there is none. */
  broadcast: BroadcastStatus | null;
  /** When `broadcast` was last read from the server (ms since epoch), for local elapsed time. */
  fetchedAt: number;
  pending: LivestreamPending;
  /** The last failed request; cleared by the next successful action. */
  error: RequestError | null;
  /** Which action produced `error`, so its sentence can say what to do next. */
  errorAction: "start" | "stop" | "status" | null;
  /** True while polls fail to reach the server (shown as "reconnecting", state is kept). */
  stale: boolean;
  goLive: (input: Omit<GoLiveInput, "roomName">) => Promise<boolean>;
  end: () => Promise<boolean>;
  /** Forget an ended/failed broadcast to set up the next one. */
  reset: () => void;
  /** Look for a live broadcast of yours in this room now (e.g. after "already live"). */
  rediscover: () => Promise<void>;
};

export function useLivestream(roomName: string): UseLivestream {
  const [broadcast, setBroadcast] = useState<BroadcastStatus | null>(null);
  const [fetchedAt, setFetchedAt] = useState(0);
  const [pending, setPending] = useState<LivestreamPending>("discovering");
  const [error, setError] = useState<RequestError | null>(null);
  const [errorAction, setErrorAction] = useState<UseLivestream["errorAction"]>(null);
  const [stale, setStale] = useState(false);
  const lastRequestAt = useRef(0);
  const finalRead = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => () => clearTimeout(finalRead.current), []);

  const accept = useCallback((status: BroadcastStatus) => {
    setBroadcast(status);
    setFetchedAt(Date.now());
    setStale(false);
  }, []);

  const fail = useCallback((action: "start" | "stop" | "status", e: RequestError) => {
    setError(e);
    setErrorAction(action);
  }, []);

  const rediscover = useCallback(async () => {
    lastRequestAt.current = Date.now();
    const result = await fetchBroadcastStatus({ roomName });
    if (result.ok) {
      accept(result.data);
      setError(null);
      setErrorAction(null);
    } else if (result.error.code !== "not_found") fail("status", result.error);
  }, [roomName, accept, fail]);

  // Discovery: is this room already live (for this user) when the page opens?
  useEffect(() => {
    let cancelled = false;
    lastRequestAt.current = Date.now();
    void fetchBroadcastStatus({ roomName }).then((result) => {
      if (cancelled) return;
      if (result.ok) accept(result.data);
      else if (result.error.code !== "not_found") fail("status", result.error);
      setPending((p) => (p === "discovering" ? null : p));
    });
    return () => {
      cancelled = true;
    };
  }, [roomName, accept, fail]);

  // Polling, by id so that the final state (completed / failed) is seen too.
  const pollId = broadcast && isLiveState(broadcast.status) ? broadcast.livestreamId : null;
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
      const result = await fetchBroadcastStatus({ id: pollId }, controller.signal);
      inFlight = false;
      if (stopped) return;
      if (result.ok) accept(result.data);
      else if (result.error.code === "network" || result.error.code === "internal_error") setStale(true);
      else fail("status", result.error); // 401 / 404: polling further won't help
      if (result.ok || result.error.code === "network" || result.error.code === "internal_error") schedule();
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
  }, [pollId, accept, fail]);

  const goLive = useCallback<UseLivestream["goLive"]>(
    async (input) => {
      setPending("starting");
      setError(null);
      const result = await goLiveAction({ ...input, roomName }).catch(() => null);
      setPending(null);
      if (!result) {
        fail("start", { code: "network", message: "The server could not be reached." });
        return false;
      }
      if (!result.ok) {
        fail("start", { code: result.code, message: result.error });
        return false;
      }
      const started = result.data;
      // Shown at once; the next poll (at most POLL_MS away) fills in destinations and times.
      accept({
        livestreamId: started.livestreamId,
        roomName,
        status: started.status === "active" ? "active" : "starting",
        muxPlaybackId: started.muxPlaybackId,
        playbackUrl: started.playbackUrl,
        viewerCount: 0,
        startedAt: null,
        duration: 0,
        failureReason: null,
        muxAssetId: null,
        vodPlaybackId: null,
        destinations: [],
      });
      return true;
    },
    [roomName, accept, fail],
  );

  const end = useCallback<UseLivestream["end"]>(async () => {
    if (!broadcast) return false;
    const current = broadcast;
    setPending("stopping");
    setError(null);
    const result = await endLivestream({ livestreamId: current.livestreamId }).catch(() => null);
    setPending(null);
    if (!result) {
      fail("stop", { code: "network", message: "The server could not be reached." });
      return false;
    }
    if (!result.ok) {
      fail("stop", { code: result.code, message: result.error });
      return false;
    }
    const elapsed = (current.duration ?? 0) + Math.floor((Date.now() - fetchedAt) / 1000);
    // One last read, still at most one request per POLL_MS, for the server's final duration
    // and the recording's ids (MUX's webhooks may bring those just after the stop).
    clearTimeout(finalRead.current);
    finalRead.current = setTimeout(
      () => {
        lastRequestAt.current = Date.now();
        void fetchBroadcastStatus({ id: current.livestreamId }).then((r) => r.ok && accept(r.data));
      },
      Math.max(0, lastRequestAt.current + POLL_MS - Date.now()),
    );
    accept({
      ...current,
      status: result.data.status === "failed" ? "failed" : "completed",
      duration: elapsed,
      muxAssetId: result.data.muxAssetId,
      vodPlaybackId: result.data.vodPlaybackId,
      viewerCount: 0,
      destinations: current.destinations.map((d) => (d.status === "failed" ? d : { ...d, status: d.status ? "finished" : undefined })),
    });
    return true;
  }, [broadcast, fetchedAt, accept, fail]);

  const reset = useCallback(() => {
    clearTimeout(finalRead.current);
    setBroadcast(null);
    setError(null);
    setErrorAction(null);
  }, []);

  return { broadcast, fetchedAt, pending, error, errorAction, stale, goLive, end, reset, rediscover };
}
