// The list's cursor (packages/golive/src/contract/cursor.ts): opaque base64url of where a page
// ended, microseconds kept; anything golive didn't write is refused at the edge with one message.
import { expect, test } from "vitest";
import { badCursorMessage, decodeListCursor, encodeListCursor, listQuerySchema } from "@golive/next/contract";

const cursor = { createdAt: "2026-12-02T14:03:24.123456Z", id: "00000000-0000-4000-8000-00000000000a" };

test("a cursor decodes to the instant and id it was made of, and is URL-safe text", () => {
  const text = encodeListCursor(cursor);
  expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
  expect(decodeListCursor(text)).toEqual(cursor);
  expect(listQuerySchema.parse({ before: text })).toEqual({ before: cursor });
});

test.each([
  ["not base64url", "not a cursor!"],
  ["empty", ""],
  ["milliseconds only", encodeListCursor({ ...cursor, createdAt: "2026-12-02T14:03:24.123Z" })],
  ["no id", btoa("2026-12-02T14:03:24.123456Z")],
  ["an id that isn't a uuid", encodeListCursor({ ...cursor, id: "42" })],
  ["a month that doesn't exist", encodeListCursor({ ...cursor, createdAt: "2026-13-01T14:03:24.123456Z" })],
  ["a day that doesn't exist", encodeListCursor({ ...cursor, createdAt: "2026-02-30T14:03:24.123456Z" })],
  ["too long", "A".repeat(201)],
])("%s is refused with the cursor's message", (_, text) => {
  expect(decodeListCursor(text)).toBeNull();
  const parsed = listQuerySchema.safeParse({ before: text });
  expect(parsed.success).toBe(false);
  expect(parsed.error?.issues.map((i) => i.message)).toEqual([badCursorMessage]);
});

test("without before, the query is the first page's, as before cursors existed", () => {
  expect(listQuerySchema.parse({ limit: "10" })).toEqual({ limit: 10 });
});
