// The title and description rules the route, the action and the go-live form share
// (packages/golive/src/contract/broadcast-details.ts), and the form's sentences for them.
import { describe, expect, it } from "vitest";
import { broadcastDescriptionSchema, broadcastDetailsInput, broadcastDetailsProblems, broadcastTitleSchema, startFieldsSchema } from "@golive/next/contract";

const messages = (result: { success: boolean; error?: { issues: { message: string }[] } }) => result.error?.issues.map((i) => i.message) ?? [];

describe("title", () => {
  it("is trimmed, and 1–100 characters after trimming", () => {
    expect(broadcastTitleSchema.parse("  Launch day  ")).toBe("Launch day");
    expect(broadcastTitleSchema.parse(` ${"a".repeat(100)} `)).toBe("a".repeat(100));
    expect(messages(broadcastTitleSchema.safeParse("a".repeat(101)))).toEqual(["title must be at most 100 characters."]);
    expect(messages(broadcastTitleSchema.safeParse(" \t "))).toEqual(["title must not be empty; leave it out for no title."]);
  });

  it("refuses control characters, line breaks and bidi overrides", () => {
    for (const bad of ["a\nb", "a\u0000b", "a\u007Fb", "\u202Etxt.exe", "a\u2028b"]) {
      expect(messages(broadcastTitleSchema.safeParse(bad))).toEqual(["title must not contain control characters."]);
    }
    expect(broadcastTitleSchema.parse("Café — 日本語 🎥")).toBe("Café — 日本語 🎥");
  });
});

describe("description", () => {
  it("keeps line breaks and tabs, reads CRLF as LF, trims, and allows 2000 characters", () => {
    expect(broadcastDescriptionSchema.parse("  one\r\n\ttwo\rthree \n")).toBe("one\n\ttwo\nthree");
    expect(broadcastDescriptionSchema.parse("d".repeat(2000))).toHaveLength(2000);
    expect(messages(broadcastDescriptionSchema.safeParse("d".repeat(2001)))).toEqual(["description must be at most 2000 characters."]);
  });

  it("blank is no description; other controls are refused", () => {
    expect(broadcastDescriptionSchema.parse(" \n ")).toBeUndefined();
    expect(messages(broadcastDescriptionSchema.safeParse("a\u0007b"))).toEqual(["description must not contain control characters other than line breaks and tabs."]);
    expect(messages(broadcastDescriptionSchema.safeParse("\u202Eb"))).toEqual(["description must not contain control characters other than line breaks and tabs."]);
  });
});

describe("in the go-live fields", () => {
  it("both optional", () => {
    expect(startFieldsSchema.parse({ roomName: "room-1" })).toEqual({ roomName: "room-1" });
    expect(startFieldsSchema.parse({ roomName: "room-1", title: " T ", description: "D" })).toEqual({ roomName: "room-1", title: "T", description: "D" });
  });
});

describe("the form's words", () => {
  it("say nothing while the fields are fine, blank included", () => {
    expect(broadcastDetailsProblems({ title: "", description: "" })).toEqual({});
    expect(broadcastDetailsProblems({ title: "a".repeat(100), description: "b".repeat(2000) })).toEqual({});
  });

  it("say how long is too long, counting what would be sent", () => {
    expect(broadcastDetailsProblems({ title: "a".repeat(101), description: "b".repeat(2001) })).toEqual({
      title: "Keep the title to 100 characters or fewer (it has 101).",
      description: "Keep the description to 2000 characters or fewer (it has 2001).",
    });
    expect(broadcastDetailsProblems({ title: `  ${"a".repeat(100)}  `, description: "" })).toEqual({});
  });

  it("name pasted control characters in plain words", () => {
    expect(broadcastDetailsProblems({ title: "a\u202Eb", description: "x\u0000" })).toEqual({
      title: "The title can't contain invisible control characters: retype it rather than pasting it.",
      description: "The description can't contain invisible control characters: retype it rather than pasting it.",
    });
  });

  it("leave blank fields out of the body", () => {
    expect(broadcastDetailsInput({ title: "  ", description: "\n" })).toEqual({});
    expect(broadcastDetailsInput({ title: " Show ", description: " About " })).toEqual({ title: "Show", description: "About" });
  });
});
