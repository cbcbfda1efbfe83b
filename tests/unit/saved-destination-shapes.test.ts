// The request shapes of saved destinations (contract/saved-destinations.ts) and of go-live's
// destinations that may name one by id (contract/requests.ts): each item is read as the shape its
// key says, so a mistake is answered in that shape's words, never zod's "Invalid input".
import { describe, expect, test } from "vitest";
import { changeBodySchema, createSavedDestinationBodySchema, formatIssues, startBodySchema, updateSavedDestinationBodySchema } from "@golive/next/contract";
import { goLiveRequestSchema } from "@golive/next/destinations";

const messageOf = (result: { success: true } | { success: false; error: Parameters<typeof formatIssues>[0] }) => (result.success ? null : formatIssues(result.error));

describe("additionalDestinations / addDestinations items", () => {
  test.each([
    ["a saved id", [{ savedDestinationId: "abc" }], null],
    ["a pasted destination", [{ type: "youtube", streamKey: "k" }], null],
    ["both in one list", [{ savedDestinationId: "abc" }, { type: "twitch", streamKey: "k" }], null],
    ["a pasted one without its key", [{ type: "youtube" }], "additionalDestinations[0].streamKey: streamKey is required."],
    ["a saved id that isn't a string", [{ savedDestinationId: 7 }], "additionalDestinations[0].savedDestinationId: savedDestinationId must be a string."],
    ["a saved id with a key", [{ savedDestinationId: "abc", streamKey: "k" }], "additionalDestinations[0]: a saved destination is named by savedDestinationId alone: leave out type, streamKey and the other fields."],
    ["neither", [{}], 'additionalDestinations[0].type: type must be "youtube", "twitch" or "custom". additionalDestinations[0].streamKey: streamKey is required.'],
  ])("go-live: %s", (_, additionalDestinations, message) => {
    expect(messageOf(startBodySchema.safeParse({ roomName: "r", additionalDestinations }))).toBe(message);
  });

  test("while live: addDestinations takes a saved id too", () => {
    expect(changeBodySchema.parse({ livestreamId: "l", addDestinations: [{ savedDestinationId: "abc" }] }).addDestinations).toEqual([{ savedDestinationId: "abc" }]);
  });

  test("the form's one-pass planner takes pasted destinations only (saved ones are unsealed on the server)", () => {
    expect(goLiveRequestSchema.safeParse({ roomName: "r", additionalDestinations: [{ savedDestinationId: "abc" }] }).success).toBe(false);
    expect(goLiveRequestSchema.safeParse({ roomName: "r", additionalDestinations: [{ type: "youtube", streamKey: "abcd-efgh" }] }).success).toBe(true);
  });
});

describe("saved destination bodies", () => {
  test.each([
    [{ type: "youtube", name: " Mine ", streamKey: "k" }, null],
    [{ type: "youtube", streamKey: "k" }, "name is required."],
    [{ type: "youtube", name: "", streamKey: "k" }, "name must not be empty."],
    [{ type: "mux", name: "M", streamKey: "k" }, 'type must be "youtube", "twitch" or "custom".'],
  ])("create %j", (body, message) => {
    expect(messageOf(createSavedDestinationBodySchema.safeParse(body))).toBe(message);
  });

  test("create trims the name", () => {
    expect(createSavedDestinationBodySchema.parse({ type: "youtube", name: " Mine ", streamKey: "k" }).name).toBe("Mine");
  });

  test.each([
    [{ id: "i", name: "New" }, null],
    [{ id: "i", twitchIngestServer: null }, null],
    [{ id: "i" }, "Provide at least one change: name, streamKey, customRtmpUrl or twitchIngestServer."],
    [{ name: "x" }, "id must be a string."],
    [{ id: "i", streamKey: "" }, "streamKey must not be empty."],
  ])("update %j", (body, message) => {
    expect(messageOf(updateSavedDestinationBodySchema.safeParse(body))).toBe(message);
  });
});
