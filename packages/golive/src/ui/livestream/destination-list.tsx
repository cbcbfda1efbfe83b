// Where the broadcast is going and how each destination is doing, MUX always listed
// (docs/ui.md, "The studio panel").
import { typeLabels } from "./destination-draft";
import type { DestinationStatus, LivestreamDestination, LivestreamStatus } from "../../contract/client";

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
  /** While live: each extra destination still running gets a "Remove" button. */
  onRemove?: (destination: Pick<LivestreamDestination, "id" | "name">) => void;
  removing?: boolean;
};

const time = (date: Date) => date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });

export function DestinationList({ destinations, status, onRemove, removing = false }: Props) {
  const rows: Row[] = destinations.some((d) => d.type === "mux")
    ? [...destinations]
    : [{ id: "mux", type: "mux", name: "MUX", status: muxState(status) }, ...destinations];
  return (
    <ul className="destination-list" aria-label="Destinations">
      {rows.map((d) => (
        <li key={d.id} className={d.status ? `dest-${d.status}` : undefined}>
          <div className="dest-main">
            <strong>{d.name}</strong> {d.name.toLowerCase() !== labelOfType(d.type).toLowerCase() && <span className="muted">{labelOfType(d.type)}</span>}
            {d.maskedUrl && <code className="masked-url">{d.maskedUrl}</code>}
            {d.status === "failed" && d.error && <p className="dest-error">{d.error}</p>}
            {d.retries !== undefined && d.retries > 0 && (
              <p className="dest-retries muted">
                {d.retries} reconnect attempt{d.retries === 1 ? "" : "s"}
                {d.lastRetryAt && `, last at ${time(d.lastRetryAt)}`}
              </p>
            )}
            {d.removedAt && <p className="muted">Removed at {time(d.removedAt)}</p>}
          </div>
          <span className={`state-chip ${d.status ?? "unknown"}`}>{d.removedAt ? "Removed" : d.status ? stateLabels[d.status] : "—"}</span>
          {onRemove && d.type !== "mux" && !d.removedAt && (d.status === "live" || d.status === "connecting") && (
            <button type="button" className="secondary small" disabled={removing} onClick={() => onRemove(d)}>
              Remove<span className="visually-hidden"> {d.name}</span>
            </button>
          )}
        </li>
      ))}
    </ul>
  );
}
