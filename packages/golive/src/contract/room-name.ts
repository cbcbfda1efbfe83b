// The room-name rule without zod: the API's schema (requests.ts) and a form that checks only a
// name share it, and such a form's page doesn't load zod (docs/benchmarks.md, "Page weight").

export const MAX_ROOM_NAME_LENGTH = 256;

// Cf covers the invisible and bidirectional characters (U+200B, U+202E, U+FEFF) that make two
// different room names look alike; Zl/Zp are line breaks that Cc misses.
const INVISIBLE_OR_CONTROL = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** What is wrong with a room name once trimmed (the API trims it), in the API's words; null if nothing. */
export function roomNameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === "") return "roomName is required.";
  if (trimmed.length > MAX_ROOM_NAME_LENGTH) return `roomName must be at most ${MAX_ROOM_NAME_LENGTH} characters.`;
  if (INVISIBLE_OR_CONTROL.test(trimmed)) return "roomName must not contain control or invisible formatting characters.";
  return null;
}
