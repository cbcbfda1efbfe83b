// How bench:scale counts upstream calls: by method, and the most in any window.
// docs/benchmarks.md, "Fleet scale".
import type { RecordedRequest } from "@golive/sandbox";

/** Upstream calls by method: LiveKit RPCs (ListEgress by what it asks), MUX method + path shape (+ status when not 2xx). */
export function callsByMethod(requests: readonly RecordedRequest[]): string {
  const counts = new Map<string, number>();
  for (const r of requests) {
    let name: string;
    if (r.service === "livekit") {
      const body = r.body as { egressId?: string; active?: boolean } | undefined;
      name = r.rpc === "ListEgress" ? `ListEgress(${body?.egressId ? "egressId" : body?.active ? "active" : "all"})` : `${r.rpc ?? r.path}`;
    } else {
      name = `MUX ${r.method} ${r.path.replace(/\/live-streams\/[^/]+/, "/live-streams/{id}").replace("/video/v1", "")}`;
    }
    if (r.status >= 400) name += ` → ${r.status}`;
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([name, n]) => `${name} × ${n}`).join(", ") || "none";
}

/** The most requests in any window of `windowMs` that starts at one of them. */
export function maxInWindow(requests: readonly RecordedRequest[], windowMs: number): number {
  const at = requests.map((r) => r.at).sort((a, b) => a - b);
  let best = 0;
  let j = 0;
  for (let i = 0; i < at.length; i++) {
    while (j < at.length && (at[j] ?? 0) < (at[i] ?? 0) + windowMs) j++;
    best = Math.max(best, j - i);
  }
  return best;
}

