// The guest's on-air cue, state by state (docs/ui.md, "The guest's view";
// packages/golive/src/ui/studio/guest-studio.tsx).
import { describe, expect, test } from "vitest";
import { guestCue } from "@golive/next/ui";

describe("guestCue", () => {
  test.each([
    ["live, on stage", "guest", { live: true, onStage: true }, { tone: "on-air", title: "You're live", detail: "Viewers see and hear you." }],
    ["live, off stage", "guest", { live: true, onStage: false }, { tone: "backstage", title: "Backstage — not on air", detail: "A host can bring you on stage." }],
    ["not live, on stage", "guest", { live: false, onStage: true }, { tone: "waiting", title: "Not live yet", detail: "You're on stage: when a host takes the room live, viewers will see and hear you." }],
    ["not live, backstage", "guest", { live: false, onStage: false }, { tone: "waiting", title: "Not live yet", detail: "You're backstage: when a host takes the room live, viewers won't see you until a host brings you on stage." }],
    ["a viewer, live", "viewer", { live: true, onStage: null }, { tone: "backstage", title: "Live — you're watching", detail: "Viewers watch only: you are not on air." }],
    ["a viewer, not live", "viewer", { live: false, onStage: false }, { tone: "waiting", title: "Not live yet", detail: "Viewers watch only: you won't be on air when it starts." }],
  ] as const)("%s", (_name, role, where, cue) => {
    expect(guestCue(role, where)).toEqual(cue);
  });

  test("nothing is claimed before both reads are in: no cue while live or the stage is unknown", () => {
    expect(guestCue("guest", { live: null, onStage: true })).toBeNull();
    expect(guestCue("guest", { live: true, onStage: null })).toBeNull();
    expect(guestCue("viewer", { live: null, onStage: null })).toBeNull();
  });

  test("only a guest on stage while live is told they are on air", () => {
    const onAir = [true, false].flatMap((live) => [true, false].map((onStage) => ({ live, onStage }))).filter((w) => guestCue("guest", w)?.tone === "on-air");
    expect(onAir).toEqual([{ live: true, onStage: true }]);
    expect(guestCue("viewer", { live: true, onStage: true })?.tone).not.toBe("on-air");
  });
});
