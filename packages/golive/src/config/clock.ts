// golive's clock for the guardrails (docs/architecture.md, "Guardrails"): when a window that
// started at a presence record's time (LiveKit's clock) or a broadcast's start has run out.
// The wall clock; a test points it at the sandbox's clock, so `control().advance(ms)` moves
// LiveKit's event times and golive's "now" together.
let source: () => number = Date.now;

/** Now, by golive's guardrail clock. */
export function goliveNow(): Date {
  return new Date(source());
}

/** Replaces the clock (tests: the sandbox's `control().now`); undefined restores the wall clock. */
export function setGoliveClock(now: (() => number) | undefined): void {
  source = now ?? Date.now;
}
