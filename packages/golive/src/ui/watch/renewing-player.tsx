"use client";
// The player of a private broadcast: renews its playback tokens at half their life while the watch
// rule allows, and says so when access ended (docs/architecture.md, "Private broadcasts").
import { useEffect, useRef, useState } from "react";
import type { Resume } from "./mux-watch-player";
import { WatchPlayer } from "./watch-player";
import type { PlayerSource } from "../../watch";
import type { RenewResult } from "./playback-tokens-request";

/**
 * The renewal, with the schema that parses its answer, loaded at the first renewal: a public
 * broadcast's page never needs zod (docs/benchmarks.md, "Page weight"). A chunk that fails to
 * load is retried like a failed request.
 */
async function renew(playbackId: string, share: string | null): Promise<RenewResult> {
  try {
    const { renewPlaybackTokens } = await import("./playback-tokens-request");
    return await renewPlaybackTokens(playbackId, share);
  } catch {
    return { kind: "retry" };
  }
}

const RETRY_MS = 5_000;
const MIN_WAIT_MS = 1_000;

type Props = {
  playbackId: string;
  /** The page's `?share=` token, if it came with one: it is this viewer's credential on renewal. */
  share: string | null;
  source: PlayerSource;
  /** When `source`'s tokens stop working (ISO 8601). */
  expiresAt: string;
  live: boolean;
  title: string;
};

type State = { kind: "playing"; source: PlayerSource; expiresAt: number; resume?: Resume } | { kind: "ended"; message: string };

export function RenewingPlayer({ playbackId, share, source, expiresAt, live, title }: Props) {
  const [state, setState] = useState<State>(() => ({ kind: "playing", source, expiresAt: Date.parse(expiresAt) }));
  const progress = useRef<Resume | undefined>(undefined);
  // Each new state (a renewal) schedules the next ask.
  const playing = state.kind === "playing" ? state : null;

  useEffect(() => {
    if (playing === null) return;
    const renewBy = playing.expiresAt;
    let timer: ReturnType<typeof setTimeout>;
    let cancelled = false;
    const schedule = (ms: number) => {
      timer = setTimeout(() => void ask(), Math.max(MIN_WAIT_MS, ms));
    };
    const ask = async () => {
      const result = await renew(playbackId, share);
      if (cancelled) return;
      if (result.kind === "renewed") {
        setState({ kind: "playing", source: result.source, expiresAt: result.expiresAt.getTime(), resume: progress.current });
      } else if (result.kind === "ended") {
        setState({ kind: "ended", message: result.message });
      } else {
        const left = renewBy - Date.now();
        schedule(left > 0 ? Math.min(RETRY_MS, left / 2) : RETRY_MS);
      }
    };
    schedule((renewBy - Date.now()) / 2);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [playing, playbackId, share]);

  if (state.kind === "ended") {
    return (
      <div className="golive card state-panel" role="status">
        <p className="placeholder-title">Your access to this broadcast has ended</p>
        <p>{state.message}</p>
      </div>
    );
  }
  return (
    <WatchPlayer
      source={state.source}
      live={live}
      title={title}
      resume={state.resume}
      onProgress={(p) => {
        progress.current = p;
      }}
    />
  );
}
