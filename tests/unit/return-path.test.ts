// Where the sign-in page sends a person afterwards comes from the URL (?next=…), so anyone
// can craft it: only a path of this app may come out, never another origin.
import { expect, test } from "vitest";
import { safeReturnPath } from "@/components/server/require-user";

const FALLBACK = "/rooms";

test.each([
  ["/rooms", "/rooms"],
  ["/rooms/weekly-show", "/rooms/weekly-show"],
  ["/rooms/a%20b?x=1#top", "/rooms/a%20b?x=1#top"],
  ["/recordings?limit=10", "/recordings?limit=10"],
  // normalised the way a browser would resolve it, still on this origin
  ["/rooms/../recordings", "/recordings"],
  ["/a b", FALLBACK], // raw whitespace is refused outright
])("a path of this app is kept: %j → %j", (input, expected) => {
  expect(safeReturnPath(input)).toBe(expected);
});

test.each([
  // the reported bypass: a tab (and LF, CR) is dropped by the URL parser, leaving //evil.example
  "/\t/evil.example",
  "/\n/evil.example",
  "/\r/evil.example",
  "/\r\n/evil.example",
  "/ /evil.example",
  "/\u00a0/evil.example",
  "/\u2028/evil.example",
  "/\u0000/evil.example",
  "/\u007f/evil.example",
  "//evil.example",
  "//evil.example/rooms",
  "///evil.example",
  "/\\evil.example",
  "\\\\evil.example",
  "/\\/evil.example",
  "\\/evil.example",
  "https://evil.example",
  "http:evil.example",
  "javascript:alert(1)",
  "JavaScript:alert(1)",
  "data:text/html,<script>alert(1)</script>",
  "evil.example",
  "rooms",
  "",
  // normalisation that would turn into a protocol-relative URL
  "/.//evil.example",
  "/..//evil.example",
  "/rooms/..//evil.example",
  "/%2e%2e//evil.example",
  "/./\t/evil.example",
  "/@evil.example", // stays a path ("/@evil.example") — checked below, not a redirect
])("a hostile or foreign target is refused: %j", (input) => {
  const out = safeReturnPath(input);
  // Whatever comes out must resolve to this app's own origin from any page of it.
  const base = "https://app.example/sign-in?next=x";
  expect(new URL(out, base).origin).toBe("https://app.example");
  expect(out.startsWith("/")).toBe(true);
  expect(out.startsWith("//")).toBe(false);
  expect(out).not.toMatch(/[\s\\]/);
  if (input !== "/@evil.example") expect(out).toBe(FALLBACK);
});

test("arrays (?next=a&next=b) use the first value; nothing gives the fallback", () => {
  expect(safeReturnPath(["/recordings", "//evil.example"])).toBe("/recordings");
  expect(safeReturnPath(["//evil.example", "/recordings"])).toBe(FALLBACK);
  expect(safeReturnPath(undefined)).toBe(FALLBACK);
  expect(safeReturnPath([])).toBe(FALLBACK);
});
