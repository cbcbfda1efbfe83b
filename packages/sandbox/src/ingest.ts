/**
 * The in-process "RTMP network" between the LiveKit egress emulator and ingest endpoints.
 *
 * Faithful to: the observable effects of an RTMP(S) publish — an egress output either connects
 * (the ingest sees a publisher) or fails with an error; either side can end the connection
 * (egress stops → the ingest sees a disconnect; the ingest closes it → the egress output fails).
 * Cannot catch: anything about media — codecs, bitrates, keyframe intervals, TLS to the ingest,
 * DNS, firewalls, or an ingest that accepts the connection and then rejects the stream.
 * No socket is ever opened: real ingest hostnames (global-live.mux.com, YouTube, Twitch) are only
 * strings that get matched here.
 */

/** Called by the ingest when it ends the connection on its own (e.g. MUX `disable`). */
export type KickHandler = (reason: string) => void;

export type IngestConnection = {
  /** The publisher (egress) hangs up normally. */
  close(): void;
};

export type IngestResult = { accepted: true; connection: IngestConnection } | { accepted: false; error: string };

export type IngestEndpoint = {
  /** Returns undefined when this endpoint does not serve the URL. */
  tryConnect(url: string, onKick: KickHandler): IngestResult | undefined;
};

export class IngestNetwork {
  private readonly endpoints: IngestEndpoint[] = [];
  /** URL substrings that refuse connections, set by tests to fail one destination. */
  private refusals: Array<{ match: string; error: string }> = [];

  register(endpoint: IngestEndpoint): void {
    this.endpoints.push(endpoint);
  }

  refuse(match: string, error: string): void {
    this.refusals.push({ match, error });
  }

  clearRefusals(): void {
    this.refusals = [];
  }

  connect(url: string, onKick: KickHandler): IngestResult {
    const refusal = this.refusals.find((r) => url.includes(r.match));
    if (refusal) return { accepted: false, error: refusal.error };
    for (const endpoint of this.endpoints) {
      const result = endpoint.tryConnect(url, onKick);
      if (result) return result;
    }
    // Destinations we do not emulate (YouTube, Twitch, any RTMP server) simply accept.
    return { accepted: true, connection: { close: () => undefined } };
  }
}
