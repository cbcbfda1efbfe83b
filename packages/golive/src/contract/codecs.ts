// Dates in answers: the service returns `Date`s, JSON carries ISO strings, and parsing an answer
// gives `Date`s back. So `z.output` is what the service returns and what the browser holds,
// `z.input` what travels.
import "./zod-jitless"; // first, as in every schema module the browser runs
import { z } from "zod";

export const isoDate = z.codec(z.iso.datetime(), z.date(), {
  decode: (text) => new Date(text),
  encode: (date) => date.toISOString(),
});

/** Where a link (an invite, a share link) stands: revoked beats expired. */
export const linkStateSchema = z.enum(["active", "expired", "revoked"]);
export type LinkState = z.output<typeof linkStateSchema>;
