/**
 * Request recorder: every call the app made to the emulators, in arrival order.
 *
 * Faithful to: what reached the wire (method, path, query, parsed JSON body, the status we
 * answered, 0 when a fault dropped the connection).
 * Cannot catch: calls the app never made because it short-circuited, or calls it made to the
 * real services by mistake (those never reach this process — check the recorded host config).
 */

export type ServiceName = "mux" | "livekit" | "stats";

export type RecordedRequest = {
  service: ServiceName;
  method: string;
  /** pathname only; see `query` for the query string */
  path: string;
  query: Record<string, string>;
  /** Twirp method name for LiveKit calls, e.g. "StartRoomCompositeEgress" */
  rpc?: string;
  /** HTTP status we answered; 0 when the socket was dropped by a fault */
  status: number;
  /** parsed JSON body, or undefined when there was none / it was not JSON */
  body: unknown;
  /** sandbox clock (ms) when the request arrived */
  at: number;
  /** id of the fault that shaped the answer, if any */
  faultId?: string;
};

export type RequestFilter = {
  service?: ServiceName;
  method?: string;
  path?: string | RegExp;
  rpc?: string;
};

export class RequestRecorder {
  private entries: RecordedRequest[] = [];
  private waiters: Array<{ filter?: RequestFilter; after: number; resolve: (entry: RecordedRequest) => void }> = [];

  add(entry: RecordedRequest): RecordedRequest {
    this.entries.push(entry);
    const index = this.entries.length - 1;
    this.waiters = this.waiters.filter((waiter) => {
      if (index < waiter.after || !matchesRequest(entry, waiter.filter)) return true;
      waiter.resolve({ ...entry });
      return false;
    });
    return entry;
  }

  /**
   * Resolves with the first matching request that arrives from now on (event-driven, so a test
   * can wait for "the app has called X" without sleeping).
   */
  next(filter?: RequestFilter): Promise<RecordedRequest> {
    return new Promise((resolve) => this.waiters.push({ filter, after: this.entries.length, resolve }));
  }

  list(filter?: RequestFilter): RecordedRequest[] {
    return this.entries.filter((entry) => matchesRequest(entry, filter)).map((entry) => ({ ...entry }));
  }

  clear(): void {
    this.entries = [];
  }
}

export function matchesRequest(
  entry: { service: ServiceName; method: string; path: string; rpc?: string },
  filter: RequestFilter | undefined,
): boolean {
  if (!filter) return true;
  if (filter.service && filter.service !== entry.service) return false;
  if (filter.method && filter.method.toUpperCase() !== entry.method.toUpperCase()) return false;
  if (filter.rpc && filter.rpc !== entry.rpc) return false;
  if (filter.path !== undefined) {
    if (typeof filter.path === "string") {
      if (filter.path !== entry.path) return false;
    } else {
      // A /g or /y regexp keeps state between test() calls; start fresh every time.
      filter.path.lastIndex = 0;
      if (!filter.path.test(entry.path)) return false;
    }
  }
  return true;
}
