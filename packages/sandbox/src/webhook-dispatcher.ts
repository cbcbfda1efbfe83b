/**
 * Outbound webhook delivery shared by the MUX and LiveKit emulators.
 *
 * Faithful to: at-least-once delivery with bounded retries on non-2xx or connection errors
 * (MUX and LiveKit both retry), a fresh signature per attempt, and the ways delivery goes wrong
 * in production — lost, duplicated, late and out-of-order events (via webhook faults).
 * Cannot catch: the real services' exact retry schedules (MUX retries for ~24 h with backoff,
 * LiveKit a few times), concurrency between events (here first attempts go out one at a time in
 * creation order unless a fault delays or holds them), or IP allow-listing of senders.
 */
import type { Clock } from "./clock";
import { isLoopbackUrl } from "./http-util";

export type WebhookService = "mux" | "livekit";

export type WebhookFaultAction = "drop" | "duplicate" | "hold" | { delayMs: number };

export type WebhookFaultSpec = {
  service: WebhookService;
  /** event type to match, e.g. "video.live_stream.active" or "egress_ended"; any when absent */
  type?: string;
  action: WebhookFaultAction;
  /** how many matching events this fault affects; default 1; Infinity (or < 0 over HTTP) = forever */
  times?: number;
};

export type WebhookAttempt = { at: number; status: number; error?: string };

export type SentWebhook = {
  service: WebhookService;
  /** the event's own id (same for a duplicate delivery) */
  id: string;
  type: string;
  url?: string;
  /** the raw body exactly as sent (signatures cover these bytes) */
  body: string;
  /** headers of the last attempt */
  headers: Record<string, string>;
  state: "pending" | "delayed" | "held" | "delivered" | "failed" | "dropped" | "no_url";
  attempts: WebhookAttempt[];
  /** true for the extra copy made by a "duplicate" fault */
  duplicate: boolean;
  /** sandbox clock (ms) when the event was created */
  createdAt: number;
};

/** Builds the headers for one attempt (signatures carry a timestamp, so sign per attempt). */
export type WebhookSigner = (body: string) => Promise<Record<string, string>>;

type Pending = { record: SentWebhook; sign: WebhookSigner };

const DELIVERY_TIMEOUT_MS = 5_000;

export class WebhookDispatcher {
  private readonly urls: Partial<Record<WebhookService, string>> = {};
  private sent: SentWebhook[] = [];
  private faults: Array<{ spec: WebhookFaultSpec; remaining: number }> = [];
  private held: Pending[] = [];
  private chains: Record<WebhookService, Promise<void>> = { mux: Promise.resolve(), livekit: Promise.resolve() };

  constructor(
    private readonly clock: Clock,
    private readonly retryDelaysMs: readonly number[],
  ) {}

  setUrl(service: WebhookService, url: string | undefined): void {
    if (url !== undefined && !isLoopbackUrl(url)) {
      // The sandbox must never dial anything but this machine.
      throw new Error(`sandbox webhook URL must be loopback (127.0.0.1/localhost), got ${url}`);
    }
    this.urls[service] = url;
  }

  url(service: WebhookService): string | undefined {
    return this.urls[service];
  }

  addFault(spec: WebhookFaultSpec): void {
    const times = spec.times ?? 1;
    this.faults.push({ spec, remaining: times < 0 ? Infinity : times });
  }

  clearFaults(): void {
    this.faults = [];
  }

  list(): SentWebhook[] {
    return this.sent.map((entry) => ({ ...entry, attempts: [...entry.attempts], headers: { ...entry.headers } }));
  }

  reset(): void {
    this.sent = [];
    this.faults = [];
    this.held = [];
    this.chains = { mux: Promise.resolve(), livekit: Promise.resolve() };
  }

  /** Queue one event for delivery. */
  dispatch(service: WebhookService, id: string, type: string, body: string, sign: WebhookSigner): void {
    const record: SentWebhook = {
      service,
      id,
      type,
      url: this.urls[service],
      body,
      headers: {},
      state: "pending",
      attempts: [],
      duplicate: false,
      createdAt: this.clock.now(),
    };
    this.sent.push(record);
    if (!record.url) {
      record.state = "no_url";
      return;
    }
    const action = this.takeFault(service, type);
    const pending: Pending = { record, sign };
    if (action === "drop") {
      record.state = "dropped";
    } else if (action === "hold") {
      record.state = "held";
      this.held.push(pending);
    } else if (action !== undefined && typeof action === "object") {
      record.state = "delayed";
      this.clock.schedule(action.delayMs, () => this.attempt(pending, 0), "transition");
    } else {
      this.enqueue(pending);
      if (action === "duplicate") {
        const copy: SentWebhook = { ...record, attempts: [], headers: {}, duplicate: true };
        this.sent.push(copy);
        this.enqueue({ record: copy, sign });
      }
    }
  }

  /** Deliver every held event, newest first (so the receiver sees them out of order). */
  releaseHeld(): Promise<void> {
    const held = this.held.reverse();
    this.held = [];
    let chain = Promise.resolve();
    for (const pending of held) {
      pending.record.state = "pending";
      chain = chain.then(() => this.attempt(pending, 0));
    }
    return this.clock.track(chain);
  }

  private enqueue(pending: Pending): void {
    const service = pending.record.service;
    // First attempts go out one at a time, in creation order, like a single-worker sender.
    const next = this.chains[service].then(() => this.attempt(pending, 0));
    this.chains[service] = next;
    this.clock.track(next);
  }

  private async attempt(pending: Pending, index: number): Promise<void> {
    const { record } = pending;
    const url = record.url;
    if (!url) return;
    const headers = await pending.sign(record.body);
    record.headers = headers;
    const at = this.clock.now();
    let status = 0;
    let error: string | undefined;
    try {
      const response = await fetch(url, {
        method: "POST",
        headers,
        body: record.body,
        signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
      });
      status = response.status;
      // Drain the body so the connection can be reused/closed cleanly.
      await response.arrayBuffer().catch(() => undefined);
    } catch (cause) {
      error = cause instanceof Error ? cause.message : String(cause);
    }
    record.attempts.push(error === undefined ? { at, status } : { at, status, error });
    if (status >= 200 && status < 300) {
      record.state = "delivered";
      return;
    }
    const delay = this.retryDelaysMs[index];
    if (delay === undefined) {
      record.state = "failed";
      return;
    }
    record.state = "pending";
    this.clock.schedule(delay, () => this.attempt(pending, index + 1), "transition");
  }

  private takeFault(service: WebhookService, type: string): WebhookFaultAction | undefined {
    for (const fault of this.faults) {
      if (fault.spec.service !== service) continue;
      if (fault.spec.type !== undefined && fault.spec.type !== type) continue;
      fault.remaining -= 1;
      if (fault.remaining <= 0) this.faults = this.faults.filter((f) => f !== fault);
      return fault.spec.action;
    }
    return undefined;
  }
}
