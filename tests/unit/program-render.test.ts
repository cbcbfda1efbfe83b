// The program (packages/golive/src/ui/template/program.tsx) with a mocked room: scenes, overlays,
// who is composed in each layout (docs/architecture.md, "The composite template").
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, test } from "vitest";
import { DEFAULT_SHOW, layouts, type Layout, type Show } from "@golive/next/contract/client";
import { clockText, composedParticipants, Program, type ProgramParticipant } from "@golive/next/ui";

const now = new Date("2026-12-03T18:07:42Z");
const show: Show = {
  ...DEFAULT_SHOW,
  title: "Friday build",
  lowerThird: { name: "Ada Lovelace", line: "Engines & notes" },
  banner: "Questions? Ask in chat",
  colors: { accent: "#ff0066", background: "#101010" },
  logo: { url: "/brand/logo.svg" },
};
const room: ProgramParticipant[] = [
  { identity: "u-ada", name: "Ada", onStage: true },
  { identity: "u-bob", name: "Bob", onStage: false },
  { identity: "u-cy", name: "Cy", onStage: true, speaking: true },
  { identity: "u-di", name: "Di", onStage: true },
];

const render = (s: Show, layout: Layout = "grid", participants = room) => renderToString(createElement(Program, { show: s, layout, participants, now }));
/** The identities of the tiles drawn, in order. */
const tiles = (html: string) => [...html.matchAll(/data-identity="([^"]+)"/g)].map((m) => m[1]);
/** The text of every element with this class. */
const textOf = (html: string, cls: string) => [...html.matchAll(new RegExp(`class="${cls}"[^>]*>([^<]*)<`, "g"))].map((m) => m[1]);

describe("who is composed", () => {
  test.each([
    ["grid", ["u-ada", "u-cy", "u-di"]],
    ["grid-light", ["u-ada", "u-cy", "u-di"]],
    ["speaker", ["u-cy", "u-ada", "u-di"]],
    ["speaker-light", ["u-cy", "u-ada", "u-di"]],
    ["single-speaker", ["u-cy"]],
    ["single-speaker-light", ["u-cy"]],
  ] as const)("%s: on-stage participants only, the speaker first where the layout leads with one", (layout, expected) => {
    expect(composedParticipants(room, layout).map((p) => p.identity)).toEqual(expected);
    expect(tiles(render(show, layout))).toEqual(expected);
  });

  test("with nobody speaking, speaker layouts lead with the first on stage", () => {
    const quiet = room.map((p) => ({ ...p, speaking: false }));
    expect(composedParticipants(quiet, "speaker").map((p) => p.identity)).toEqual(["u-ada", "u-cy", "u-di"]);
    expect(composedParticipants(quiet, "single-speaker").map((p) => p.identity)).toEqual(["u-ada"]);
  });

  test("backstage participants are never drawn; an empty stage says so with the title", () => {
    const html = render(show, "grid", room.map((p) => ({ ...p, onStage: false })));
    expect(tiles(html)).toEqual([]);
    expect(textOf(html, "program-empty-title")).toEqual(["Friday build"]);
    expect(textOf(html, "program-empty-note")).toEqual(["Nobody is on stage"]);
  });

  test("every layout golive offers renders, light variants marked light", () => {
    for (const layout of layouts) {
      const html = render(show, layout);
      expect(html).toContain(`data-layout="${layout}"`);
      expect(html.includes("program-light")).toBe(layout.endsWith("-light"));
    }
  });

  test("a participant's own tile replaces the test pattern", () => {
    const withVideo = [{ identity: "u-ada", name: "Ada", onStage: true, tile: createElement("video", { "data-track": "cam-ada" }) }];
    const html = render(show, "grid", withVideo);
    expect(html).toContain('data-track="cam-ada"');
    expect(html).not.toContain("test-pattern");
  });
});

describe("overlays in the live scene", () => {
  test("title, lower third, logo, banner and the show's colours", () => {
    const html = render(show);
    expect({
      title: textOf(html, "program-title"),
      name: textOf(html, "program-lower-name"),
      line: textOf(html, "program-lower-line"),
      banner: textOf(html, "program-banner"),
      logo: /<img class="program-logo" src="([^"]+)"/.exec(html)?.[1],
      colors: /style="([^"]+)"/.exec(html)?.[1],
    }).toEqual({
      title: ["Friday build"],
      name: ["Ada Lovelace"],
      line: ["Engines &amp; notes"],
      banner: ["Questions? Ask in chat"],
      logo: "/brand/logo.svg",
      colors: "--program-accent:#ff0066;--program-background:#101010",
    });
  });

  test("the default show draws participants and nothing over them", () => {
    const html = render(DEFAULT_SHOW);
    expect(tiles(html)).toEqual(["u-ada", "u-cy", "u-di"]);
    for (const cls of ["program-title", "program-lower-third", "program-logo", "program-banner", "program-scene"]) expect(html).not.toContain(cls);
  });

  test("text is escaped, never markup", () => {
    const html = render({ ...show, title: "<b>x</b>", banner: "<script>alert(1)</script>" });
    expect(html).not.toContain("<script>");
    expect(textOf(html, "program-title")).toEqual(["&lt;b&gt;x&lt;/b&gt;"]);
  });
});

describe("full-frame scenes", () => {
  test.each([
    ["starting-soon", "Starting soon"],
    ["be-right-back", "Be right back"],
    ["ending", "Thanks for watching"],
  ] as const)("%s: its words, the title and the clock; no participant, no lower third", (scene, words) => {
    const html = render({ ...show, scene });
    expect({
      scene: textOf(html, "program-scene-name"),
      title: textOf(html, "program-scene-title"),
      clock: textOf(html, "program-clock"),
      tiles: tiles(html),
      lowerThird: html.includes("program-lower-third"),
      banner: textOf(html, "program-banner"),
    }).toEqual({ scene: [words], title: ["Friday build"], clock: ["18:07 UTC"], tiles: [], lowerThird: false, banner: ["Questions? Ask in chat"] });
  });

  test("the clock is hours and minutes in UTC", () => {
    expect(clockText(new Date("2026-01-02T03:04:59Z"))).toBe("03:04 UTC");
  });
});
