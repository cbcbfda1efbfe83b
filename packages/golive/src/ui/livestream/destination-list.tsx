// Where the broadcast is going and how each destination is doing, one health line each, MUX
// always listed with its ingest health (docs/ui.md, "The studio panel").
import { useNow } from "../hooks/use-now";
import { typeLabels } from "./destination-draft";
import { destinationHealthLine, type HealthLine, ingestHealthLine, muxWarningLine } from "./destination-health";
import { serverNow } from "./format";
import type { DestinationStatus, LivestreamDestination, LivestreamHealth, LivestreamStatus } from "../../contract/client";

/** A destination as listed: the MUX row derived from the livestream has no URL to show. */
type Row = Omit<LivestreamDestination, "maskedUrl"> & { maskedUrl?: string };

const stateLabels: Record<DestinationStatus, string> = {
  connecting: "Connecting",
  live: "Live",
  reconnecting: "Reconnecting",
  failed: "Failed",
  finished: "Finished",
};

function muxState(status: LivestreamStatus): DestinationStatus | undefined {
  switch (status) {
    case "starting":
      return "connecting";
    case "active":
      return "live";
    case "completed":
      return "finished";
    case "failed":
      return "failed";
    default:
      return undefined;
  }
}

const labelOfType = (type: string) => (type in typeLabels ? typeLabels[type as keyof typeof typeLabels] : type);

type Props = {
  destinations: readonly LivestreamDestination[];
  status: LivestreamStatus;
  /** MUX's ingest health and warning, shown on MUX's row. */
  health?: LivestreamHealth;
  /** The read the list shows and when it was fetched: "4 s ago" is counted on the server's clock. */
  read?: { startedAt: Date | null; duration: number | null };
  fetchedAt?: number;
  /** While live: each extra destination still running gets a "Remove" button. */
  onRemove?: (destination: Pick<LivestreamDestination, "id" | "name">) => void;
  /** While live: each failed extra destination gets a "Retry" button. */
  onRetry?: (destination: Pick<LivestreamDestination, "id" | "name">) => void;
  removing?: boolean;
};

function Line({ line }: { line: HealthLine }) {
  return <p className={`health-line ${line.tone}`}>{line.sentence}</p>;
}

export function DestinationList({ destinations, status, health, read, fetchedAt, onRemove, onRetry, removing = false }: Props) {
  const running = status === "active" || status === "starting";
  const browserNow = useNow(running);
  const now = read && fetchedAt !== undefined ? serverNow(read, fetchedAt, browserNow) : browserNow;
  // The API's "MUX" row is the watch page's video, in the studio's words.
  const rows: Row[] = destinations.some((d) => d.type === "mux")
    ? destinations.map((d) => (d.type === "mux" ? { ...d, name: typeLabels.mux } : d))
    : [{ id: "mux", type: "mux", name: typeLabels.mux, status: muxState(status) }, ...destinations];
  const muxLines = health ? [ingestHealthLine(health, status), muxWarningLine(health, now)].filter((l): l is HealthLine => l !== null) : [];
  return (
    <ul className="destination-list" aria-label="Destinations">
      {rows.map((d) => (
        <li key={d.id} className={d.status ? `dest-${d.status}` : undefined}>
          <div className="dest-main">
            <strong>{d.name}</strong> {d.name.toLowerCase() !== labelOfType(d.type).toLowerCase() && <span className="muted">{labelOfType(d.type)}</span>}
            {d.maskedUrl &&
              (d.type === "mux" ? (
                // Plain words first; where the watch page's video goes, for whoever asks.
                <details className="tech-details">
                  <summary>Technical details</summary>
                  MUX live stream, ingest <code className="masked-url">{d.maskedUrl}</code>
                </details>
              ) : (
                <code className="masked-url">{d.maskedUrl}</code>
              ))}
            <Line line={destinationHealthLine(d, now)} />
            {d.type === "mux" && muxLines.map((line) => <Line key={line.sentence} line={line} />)}
          </div>
          <span className={`state-chip ${d.removedAt ? "finished" : (d.status ?? "unknown")}`}>{d.removedAt ? "Removed" : d.status ? stateLabels[d.status] : "—"}</span>
          {onRemove && d.type !== "mux" && !d.removedAt && (d.status === "live" || d.status === "connecting" || d.status === "reconnecting") && (
            <button type="button" className="secondary small" disabled={removing} onClick={() => onRemove(d)}>
              Remove<span className="visually-hidden"> {d.name}</span>
            </button>
          )}
          {onRetry && d.type !== "mux" && !d.removedAt && d.status === "failed" && (
            <button type="button" className="small" disabled={removing} onClick={() => onRetry(d)}>
              Retry<span className="visually-hidden"> {d.name}</span>
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
