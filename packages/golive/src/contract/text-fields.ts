// The one rule for strings people send that golive stores or looks up: bounded, and free of
// control characters, since Postgres refuses a NUL (docs/architecture.md, "Security model").
// Pure zod, so the forms run the same rule.
import "./zod-jitless";
import { z } from "zod";

// C0 and C1 controls and DEL (\p{Cc}), line and paragraph separators, and the bidi overrides
// and isolates that make a string display as something else ("\u202Etxt.exe").
const CONTROL_CHARACTERS = /[\p{Cc}\u2028\u2029\u202A-\u202E\u2066-\u2069]/u;

export const hasControlCharacters = (value: string): boolean => CONTROL_CHARACTERS.test(value);

export const controlCharactersMessage = (field: string) => `${field} must not contain control characters.`;

/** A string field of at most `max` characters without control characters; messages name `field`. */
export function textField(field: string, max: number) {
  return z
    .string({ error: `${field} must be a string.` })
    .max(max, `${field} must be at most ${max} characters.`)
    .refine((value) => !hasControlCharacters(value), controlCharactersMessage(field));
}
