// Where the broadcast is going and how each output is doing. MUX is always listed: from the
// server when it reports MUX as a destination, otherwise derived from the broadcast itself.
// A destination without a reported state shows "—" rather than a guess.
import { typeLabels } from "./destination-draft";
import type { DestinationStatus, LivestreamDestination, LivestreamStatus } from "@/lib/video/contract";

/** A destination as listed: the MUX row derived from the livestream has no URL to show. */
type Row = Omit<LivestreamDestination, "maskedUrl"> & { maskedUrl?: string };

const stateLabels: Record<DestinationStatus, string> = {
  connecting: "Connecting",
  live: "Live",
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

export function DestinationList({ destinations, status }: { destinations: readonly LivestreamDestination[]; status: LivestreamStatus }) {
  const rows: Row[] = destinations.some((d) => d.type === "mux")
    ? [...destinations]
    : [{ id: "mux", type: "mux", name: "MUX", status: muxState(status) }, ...destinations];
  return (
    <ul className="destination-list" aria-label="Destinations">
      {rows.map((d, i) => (
        <li key={d.id ?? i} className={d.status ? `dest-${d.status}` : undefined}>
          <div className="dest-main">
            <strong>{d.name}</strong> {d.name.toLowerCase() !== labelOfType(d.type).toLowerCase() && <span className="muted">{labelOfType(d.type)}</span>}
            {d.maskedUrl && <code className="masked-url">{d.maskedUrl}</code>}
            {d.status === "failed" && d.error && <p className="dest-error">{d.error}</p>}
          </div>
          <span className={`state-chip ${d.status ?? "unknown"}`}>{d.status ? stateLabels[d.status] : "—"}</span>
        </li>
      ))}
    </ul>
  );
}
