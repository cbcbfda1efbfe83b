/**
 * Fault injection for the emulated HTTP APIs.
 *
 * Faithful to: the failure shapes a client can observe on the wire — an HTTP error with a
 * body, a Twirp error (`{code,msg}` with the status LiveKit maps that code to), a slow answer,
 * or a connection closed without an answer.
 * Cannot catch: partial writes, TLS failures, DNS failures, or a server that accepts the request
 * and applies it but then fails to answer (a `drop` here happens *before* the request is
 * applied; use `{ delayMs }` plus a client timeout to model "applied, answer lost").
 */
import { type RequestFilter, type ServiceName, matchesRequest } from "./recorder";

export type FaultAction =
  /** a string body goes out as text/plain; anything else as JSON */
  | { status: number; body?: unknown; headers?: Record<string, string> }
  | { twirp: { code: string; msg: string } }
  | { delayMs: number }
  | { drop: true }
  /** the service does the work, then the answer is lost (socket destroyed): the client can't know it succeeded */
  | { dropAfterHandling: true }
  /** the service does the work at once, the answer arrives this much later (sandbox ms): events can overtake it */
  | { delayResponseMs: number };

export type FaultSpec = {
  service: ServiceName;
  match: { method?: string; path?: string | RegExp; rpc?: string };
  /** how many matching requests this fault affects; default 1; Infinity (or < 0 over HTTP) = forever */
  times?: number;
  action: FaultAction;
};

type ActiveFault = { id: string; spec: FaultSpec; remaining: number };

export class FaultRegistry {
  private faults: ActiveFault[] = [];
  private seq = 0;

  add(spec: FaultSpec): string {
    const id = `fault_${++this.seq}`;
    const times = spec.times ?? 1;
    this.faults.push({ id, spec, remaining: times < 0 ? Infinity : times });
    return id;
  }

  /** Finds (and consumes one use of) the first fault matching this request. */
  take(request: { service: ServiceName; method: string; path: string; rpc?: string }): { id: string; action: FaultAction } | undefined {
    for (const fault of this.faults) {
      const filter: RequestFilter = { service: fault.spec.service, ...fault.spec.match };
      if (!matchesRequest(request, filter)) continue;
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
      return { id: fault.id, action: fault.spec.action };
    }
    return undefined;
  }

  remove(id: string): void {
    this.faults = this.faults.filter((fault) => fault.id !== id);
  }

  clear(): void {
    this.faults = [];
  }
}

/** Twirp error codes → HTTP status, as twirp's spec (and LiveKit's server) maps them. */
export const TWIRP_STATUS: Record<string, number> = {
  canceled: 408,
  unknown: 500,
  invalid_argument: 400,
  malformed: 400,
  deadline_exceeded: 408,
  not_found: 404,
  bad_route: 404,
  already_exists: 409,
  permission_denied: 403,
  unauthenticated: 401,
  resource_exhausted: 429,
  failed_precondition: 412,
  aborted: 409,
  out_of_range: 400,
  unimplemented: 501,
  internal: 500,
  unavailable: 503,
  dataloss: 500,
};
