// The soak's HTTP through the proxy: a request that never throws, its answer tallied by kind and
// outcome, and a 500 (or an `internal_error` anywhere) kept as a bug. docs/benchmarks.md, "Soak".
import { elapsed, tally, unexpected } from "./tally";

export type Answer = { status: number; body: unknown } | { status: "timeout" | "network"; body: undefined };

export async function call(base: string, method: string, route: string, options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<Answer> {
  try {
    const response = await fetch(new URL(route, base), {
      method,
      headers: { ...(options.body !== undefined ? { "content-type": "application/json" } : {}), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 45_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: response.status, body };
  } catch (error) {
    return { status: error instanceof Error && error.name === "TimeoutError" ? "timeout" : "network", body: undefined };
  }
}

export const field = (body: unknown, key: string): unknown => (typeof body === "object" && body !== null && key in body ? (body as Record<string, unknown>)[key] : undefined);
export const stringField = (body: unknown, key: string): string | undefined => {
  const value = field(body, key);
  return typeof value === "string" ? value : undefined;
};

/** Tallies an answer by kind and outcome; a 500 (or an `internal_error` anywhere) is a bug. */
export function record(kind: string, answer: Answer): void {
  if (answer.status === "timeout" || answer.status === "network") return tally(kind, answer.status);
  const code = stringField(answer.body, "code");
  if (answer.status >= 200 && answer.status < 300) tally(kind, "2xx");
  else tally(kind, `${answer.status}${code ? ` ${code}` : ""}`);
  if (answer.status === 500 || code === "internal_error") {
    unexpected.push(`${elapsed()} ${kind} → ${answer.status} ${code ?? ""} ${JSON.stringify(answer.body).slice(0, 200)}`);
  }
}
