// A broadcast's title and description: what the watch page, the recordings list and MUX's
// metadata show of it (docs/architecture.md, "Broadcast details"). Pure zod, so the go-live form
// runs the same rules as the route and the action (tests/unit/broadcast-details.test.ts).
import "./zod-jitless";
import { z } from "zod";
import { controlCharactersMessage, hasControlCharacters } from "./text-fields";

export const BROADCAST_LIMITS = { title: 100, description: 2_000 } as const;

// A description may run over lines (and be indented): only these controls are allowed in it.
const LINE_BREAKS_AND_TABS = /[\n\t]/g;
const hasOtherControls = (value: string) => hasControlCharacters(value.replace(LINE_BREAKS_AND_TABS, ""));

/** Trimmed, 1–100 characters, one line. */
export const broadcastTitleSchema = z
  .string({ error: "title must be a string." })
  .trim()
  .min(1, "title must not be empty; leave it out for no title.")
  .max(BROADCAST_LIMITS.title, `title must be at most ${BROADCAST_LIMITS.title} characters.`)
  .refine((value) => !hasControlCharacters(value), controlCharactersMessage("title"));

/** Trimmed, at most 2000 characters; line breaks (CRLF read as LF) and tabs allowed. Empty is no description. */
export const broadcastDescriptionSchema = z
  .string({ error: "description must be a string." })
  .transform((value) => value.replace(/\r\n?/g, "\n").trim())
  .pipe(
    z
      .string()
      .max(BROADCAST_LIMITS.description, `description must be at most ${BROADCAST_LIMITS.description} characters.`)
      .refine((value) => !hasOtherControls(value), "description must not contain control characters other than line breaks and tabs."),
  )
  .transform((value) => (value === "" ? undefined : value));

export type BroadcastDetails = { title?: string; description?: string };

/**
 * What the go-live form says next to each field, in a person's words; nothing for a field that
 * is fine. An empty (or blank) title is no title.
 */
export function broadcastDetailsProblems(draft: { title: string; description: string }): { title?: string; description?: string } {
  const problems: { title?: string; description?: string } = {};
  const title = draft.title.trim();
  if (title.length > BROADCAST_LIMITS.title) problems.title = `Keep the title to ${BROADCAST_LIMITS.title} characters or fewer (it has ${title.length}).`;
  else if (hasControlCharacters(title)) problems.title = "The title can't contain invisible control characters: retype it rather than pasting it.";
  const description = draft.description.replace(/\r\n?/g, "\n").trim();
  if (description.length > BROADCAST_LIMITS.description) {
    problems.description = `Keep the description to ${BROADCAST_LIMITS.description} characters or fewer (it has ${description.length}).`;
  } else if (hasOtherControls(description)) problems.description = "The description can't contain invisible control characters: retype it rather than pasting it.";
  return problems;
}

/** The form's fields as the go-live body takes them: blank ones left out. */
export function broadcastDetailsInput(draft: { title: string; description: string }): BroadcastDetails {
  const title = draft.title.trim();
  const description = draft.description.trim();
  return { ...(title ? { title } : {}), ...(description ? { description } : {}) };
}
