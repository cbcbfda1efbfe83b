// The studio panel's health lines: one sentence and a colour per destination, and MUX's ingest
// health and warning (docs/ui.md, "The studio panel"; tests/unit/destination-health.test.ts).
import type { DestinationStatus, LivestreamHealth, LivestreamStatus } from "../../contract/client";
import { formatWhen } from "./format";

/** The line's colour: `ok` green, `warn` amber, `bad` red, `muted` grey. Only `ok` is green. */
export type HealthTone = "ok" | "warn" | "bad" | "muted";
export type HealthLine = { tone: HealthTone; sentence: string };

/** What a destination's line is made of (the MUX row the panel derives has no URL, hence no shape of its own). */
export type DestinationFacts = {
  name: string;
  status?: DestinationStatus;
  error?: string;
  retries?: number;
  lastRetryAt?: Date;
  removedAt?: Date;
};

const attempts = (n: number) => `${n} attempt${n === 1 ? "" : "s"}`;

/**
 * "Twitch is reconnecting: 6 attempts, last 4 s ago", "YouTube failed: <reason>", "MUX is live".
 * `now` is the server's clock (format.ts `serverNow`). A destination LiveKit is retrying is
 * `reconnecting` (the server never answers it `live`), so it is never green.
 */
export function destinationHealthLine(d: DestinationFacts, now: number): HealthLine {
  const last = d.lastRetryAt ? `, last ${formatWhen(d.lastRetryAt, now)}` : "";
  if (d.removedAt) return { tone: "muted", sentence: `${d.name} was removed ${formatWhen(d.removedAt, now)}.` };
  switch (d.status) {
    case "failed":
      return { tone: "bad", sentence: d.error ? `${d.name} failed: ${d.error}` : `${d.name} failed.` };
    case "reconnecting":
      return {
        tone: "warn",
        sentence: d.retries ? `${d.name} is reconnecting: ${attempts(d.retries)}${last}` : `${d.name} is reconnecting: its server dropped the stream.`,
      };
    case "live":
      return { tone: "ok", sentence: d.retries ? `${d.name} is live again after ${attempts(d.retries)}${last}.` : `${d.name} is live.` };
    case "connecting":
      return { tone: "warn", sentence: `${d.name} is connecting…` };
    case "finished":
      return { tone: "muted", sentence: `${d.name} has finished.` };
    default:
      return { tone: "muted", sentence: `${d.name}: no report yet.` };
  }
}

const ingestTones = { excellent: "ok", good: "ok", poor: "bad", unknown: "muted" } as const;

/** Drift as MUX measures it: "640 ms", "2.1 s". */
const drift = (ms: number) => (ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`);

/**
 * "Incoming video: good", and "Incoming video: poor (2.1 s behind on average)" (MUX's ingest health); null when there is
 * nothing to say (no signing key, or the broadcast isn't `active`).
 */
export function ingestHealthLine(health: LivestreamHealth, status: LivestreamStatus): HealthLine | null {
  if (!health.ingestAvailable || status !== "active") return null;
  const ingest = health.ingest;
  if (!ingest) return { tone: "muted", sentence: "Incoming video: not measured yet." };
  const behind = ingest.status === "poor" && ingest.driftSessionAvgMs !== null ? ` (${drift(ingest.driftSessionAvgMs)} behind on average)` : "";
  return { tone: ingestTones[ingest.status], sentence: `Incoming video: ${ingest.status}${behind}` };
}

/** "Warning, 2 min ago: <message>" (MUX's warning event); null when MUX sent none. */
export function muxWarningLine(health: LivestreamHealth, now: number): HealthLine | null {
  if (!health.warning) return null;
  return { tone: "warn", sentence: `Warning, ${formatWhen(health.warning.at, now)}: ${health.warning.message}` };
}
