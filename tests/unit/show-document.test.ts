// The show document (packages/golive/src/contract/show.ts): a host's document is checked
// strictly with one sentence per field; a template's read never throws and falls back field by
// field, so an old template keeps drawing what a newer golive writes.
import { expect, test } from "vitest";
import { DEFAULT_SHOW, SHOW_LIMITS, parseShow, serializeShow, showSchema } from "@golive/next/contract";
import type { Show } from "@golive/next/contract";

const show: Show = {
  v: 1,
  scene: "starting-soon",
  title: "Friday build",
  lowerThird: { name: "Ada Lovelace", line: "Engines" },
  banner: "Questions in the chat",
  colors: { accent: "#ff0066", background: "#101010" },
  logo: { url: "https://cdn.example.com/logo.png" },
  layout: "speaker",
};

test("a show survives serialize then parse unchanged", () => {
  expect(parseShow(serializeShow(show))).toEqual(show);
});

test("serializeShow refuses a document that doesn't fit, rather than writing it", () => {
  expect(() => serializeShow({ ...show, title: "x".repeat(SHOW_LIMITS.title + 1) })).toThrow();
});

test.each([
  ["no metadata", undefined],
  ["empty metadata", ""],
  ["bad JSON", "{not json"],
  ["a number", "42"],
  ["null", "null"],
  ["an array", JSON.stringify([show])],
])("%s reads as the default show", (_, metadata) => {
  expect(parseShow(metadata)).toEqual(DEFAULT_SHOW);
});

test.each<[string, Record<string, unknown>, Partial<Show>]>([
  ["an unknown scene", { scene: "intermission" }, { scene: DEFAULT_SHOW.scene }],
  ["a title too long", { title: "x".repeat(SHOW_LIMITS.title + 1) }, { title: DEFAULT_SHOW.title }],
  ["a lower third without a name", { lowerThird: { line: "Engines" } }, { lowerThird: null }],
  ["a colour that isn't hex", { colors: { accent: "red", background: "#101010" } }, { colors: DEFAULT_SHOW.colors }],
  ["a javascript: logo", { logo: { url: "javascript:alert(1)" } }, { logo: null }],
  ["a layout golive doesn't know", { layout: "mosaic" }, { layout: DEFAULT_SHOW.layout }],
  ["a banner with a bidi override", { banner: "\u202Etxt.exe" }, { banner: null }],
])("%s falls back alone; the other fields are kept", (_, change, fallback) => {
  expect(parseShow(JSON.stringify({ ...show, ...change }))).toEqual({ ...show, ...fallback });
});

test.each([
  ["a newer version with an extra field", { ...show, v: 2, captions: true }],
  ["no version at all", { ...show, v: undefined }],
  ["a version that is text", { ...show, v: "1" }],
])("%s is read field by field as version 1", (_, document) => {
  expect(parseShow(JSON.stringify(document))).toEqual(show);
});

test("a version 2 without the fields version 1 knows reads as the defaults", () => {
  expect(parseShow(JSON.stringify({ v: 2, scenes: [] }))).toEqual(DEFAULT_SHOW);
});

test.each<[string, Record<string, unknown>, string]>([
  ["version 2", { v: 2 }, "v must be 1."],
  ["an unknown scene", { scene: "intermission" }, 'scene must be "live", "starting-soon", "be-right-back" or "ending".'],
  ["a title too long", { title: "x".repeat(SHOW_LIMITS.title + 1) }, `title must be at most ${SHOW_LIMITS.title} characters.`],
  ["a title with a NUL", { title: "a\u0000b" }, "title must not contain control characters."],
  ["an empty lower-third name", { lowerThird: { name: "", line: "" } }, "lowerThird.name must not be empty."],
  ["a lower-third name too long", { lowerThird: { name: "x".repeat(SHOW_LIMITS.name + 1), line: "" } }, `lowerThird.name must be at most ${SHOW_LIMITS.name} characters.`],
  ["a lower-third line too long", { lowerThird: { name: "Ada", line: "x".repeat(SHOW_LIMITS.line + 1) } }, `lowerThird.line must be at most ${SHOW_LIMITS.line} characters.`],
  ["a lower third as text", { lowerThird: "Ada" }, "lowerThird must be { name, line } or null."],
  ["an empty banner", { banner: "" }, "banner must not be empty; send null for no banner."],
  ["a banner too long", { banner: "x".repeat(SHOW_LIMITS.banner + 1) }, `banner must be at most ${SHOW_LIMITS.banner} characters.`],
  ["a short hex accent", { colors: { accent: "#fff", background: "#000000" } }, "colors.accent must be a colour like #1a2b3c."],
  ["a named background", { colors: { accent: "#ffffff", background: "black" } }, "colors.background must be a colour like #1a2b3c."],
  ["an http logo", { logo: { url: "http://cdn.example.com/logo.png" } }, "logo.url must be an https address or a path on this site starting with /."],
  ["a protocol-relative logo", { logo: { url: "//evil.example/logo.png" } }, "logo.url must be an https address or a path on this site starting with /."],
  ["a data: logo", { logo: { url: "data:image/png;base64,AAAA" } }, "logo.url must be an https address or a path on this site starting with /."],
  ["a logo URL too long", { logo: { url: `https://cdn.example.com/${"x".repeat(SHOW_LIMITS.logoUrl)}` } }, `logo.url must be at most ${SHOW_LIMITS.logoUrl} characters.`],
  ["an unknown layout", { layout: "mosaic" }, "layout must be one of grid, speaker, single-speaker, grid-light, speaker-light, single-speaker-light."],
])("a host's %s is refused with the field's sentence", (_, change, message) => {
  const parsed = showSchema.safeParse({ ...show, ...change });
  expect(parsed.success).toBe(false);
  expect(parsed.error?.issues.map((issue) => issue.message)).toContain(message);
});

test.each<[string, Partial<Show>]>([
  ["a same-origin logo path", { logo: { url: "/brand/logo.svg" } }],
  ["no lower third, banner or logo", { lowerThird: null, banner: null, logo: null }],
  ["every string at its limit", { title: "x".repeat(SHOW_LIMITS.title), banner: "x".repeat(SHOW_LIMITS.banner), lowerThird: { name: "x".repeat(SHOW_LIMITS.name), line: "x".repeat(SHOW_LIMITS.line) } }],
])("a host may send %s", (_, change) => {
  expect(showSchema.parse({ ...show, ...change })).toEqual({ ...show, ...change });
});

test("a host's unknown field is refused, not stored", () => {
  expect(showSchema.safeParse({ ...show, script: "<script>" }).success).toBe(false);
});
