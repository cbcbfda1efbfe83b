// The list's cursor: where the previous page ended, as (created_at, id), opaque to clients
// (docs/reference/api.md, GET /api/video/livestream). created_at keeps Postgres's microseconds:
// a JS Date's milliseconds would fall between two rows made in the same millisecond, and the
// next page would skip one (tests/integration/list-cursor.test.ts). Pure: btoa/atob exist in
// browsers and Node alike.
import "./zod-jitless";
import { z } from "zod";

export type ListCursor = { createdAt: string; id: string };

const SEPARATOR = "_";
/** created_at as the list query writes it: UTC, six fractional digits. */
const instant = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;
const uuid = z.uuid();
export const badCursorMessage = "before must be the nextCursor of an earlier page of this list.";

/** base64url of `<createdAt>_<id>`. */
export function encodeListCursor(cursor: ListCursor): string {
  return btoa(`${cursor.createdAt}${SEPARATOR}${cursor.id}`).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** The cursor a client sent back, or null when it isn't one golive wrote. */
export function decodeListCursor(text: string): ListCursor | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) return null;
  let plain: string;
  try {
    plain = atob(text.replace(/-/g, "+").replace(/_/g, "/"));
  } catch {
    return null;
  }
  const [createdAt, id, ...rest] = plain.split(SEPARATOR);
  if (createdAt === undefined || id === undefined || rest.length > 0) return null;
  if (!instant.test(createdAt) || !uuid.safeParse(id).success) return null;
  // A real instant (no 30 February, which Postgres would refuse): it prints back as written.
  const millis = Date.parse(createdAt);
  if (Number.isNaN(millis) || new Date(millis).toISOString().slice(0, 23) !== createdAt.slice(0, 23)) return null;
  return { createdAt, id };
}

/** `?before=`: a cursor, decoded at the edge; anything else is a 400 saying what to send. */
export const listCursorSchema = z.string({ error: badCursorMessage }).transform((text, ctx) => {
  const cursor = decodeListCursor(text);
  if (!cursor) {
    ctx.addIssue({ code: "custom", message: badCursorMessage });
    return z.NEVER;
  }
  return cursor;
});
