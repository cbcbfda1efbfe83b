// What the studio panel says while a guardrail counts down to a broadcast's end
// (docs/architecture.md, "Guardrails"; docs/ui.md, "The studio panel").
import type { LivestreamGuardrail } from "../../contract/client";
import { formatDuration, speakDuration } from "./format";

/**
 * Whole seconds left until `guardrail.endsAt` at the browser's `now`, by the server's clock: at
 * the read, the server's now was `startedAt + duration` (or, before the start, the browser's
 * `fetchedAt`), and the browser's clock only measures what has passed since, so skew never shows.
 */
export function secondsLeft(guardrail: LivestreamGuardrail, read: { startedAt: Date | null; duration: number | null }, fetchedAt: number, now: number): number {
  const serverNowAtRead = read.startedAt && read.duration !== null ? read.startedAt.getTime() + read.duration * 1000 : fetchedAt;
  return Math.max(0, Math.ceil((guardrail.endsAt.getTime() - serverNowAtRead - Math.max(0, now - fetchedAt)) / 1000));
}

/** "Ends in 1:32 unless a host returns" / "This broadcast ends in 5:00 (maximum length)", shown and spoken. */
export function guardrailText(guardrail: LivestreamGuardrail, seconds: number): { shown: string; spoken: string } {
  const say = (left: string) =>
    guardrail.kind === "host-left" ? `Ends in ${left} unless a host returns` : `This broadcast ends in ${left} (maximum length)`;
  return { shown: say(formatDuration(seconds)), spoken: say(speakDuration(seconds)) };
}
