// What a soak run has seen so far: the lines it printed, operations by outcome, the 500s, the
// faults, its timeline and every secret it handled (looked for in every log at the end).
import type { Sandbox } from "@golive/sandbox";
import type { Secret } from "./invariants";

// Everything the soak prints is kept, so the secrets check covers it too.
export const printed: string[] = [];
export function say(line = ""): void {
  printed.push(line);
  process.stdout.write(`${line}\n`);
}
export function fail(message: string, code = 2): never {
  process.stderr.write(`soak: ${message}\n`);
  process.exit(code);
}

export const ops = new Map<string, Map<string, number>>();
export const unexpected: string[] = [];
export function tally(kind: string, outcome: string): void {
  const byOutcome = ops.get(kind) ?? new Map<string, number>();
  byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
  ops.set(kind, byOutcome);
}
export const faults = new Map<string, number>();
export const countFault = (kind: string) => faults.set(kind, (faults.get(kind) ?? 0) + 1);
export const events: string[] = [];
export const t0 = Date.now();
export const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

export const secrets: Secret[] = [];
export const addSecret = (kind: string, value: string | null | undefined) => {
  if (value) secrets.push({ kind, value });
};

/** Stream keys MUX knows now (streams may be deleted later: collected as the run goes). */
export function collectStreamKeys(sandbox: Sandbox): void {
  for (const stream of sandbox.control.muxLiveStreams()) addSecret("MUX stream key", stream.stream_key);
}
