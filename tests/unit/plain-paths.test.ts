// The server's field paths read as words in the studio's error notices.
import { describe, expect, it } from "vitest";
import { plainPaths } from "@golive/next/ui";

describe("plainPaths", () => {
  it.each([
    ["additionalDestinations[0].streamKey: must not contain spaces.", "Destination 1, stream key: must not contain spaces."],
    ["addDestinations[2].customRtmpUrl: must start with rtmp://", "New destination 3, server URL: must start with rtmp://"],
    ["title: must be at most 100 characters.", "Title: must be at most 100 characters."],
    ["roomName: is required. maxDuration: must be a whole number.", "Room name: is required. Maximum length: must be a whole number."],
    // Unknown names are left as the server said them.
    ["additionalDestinations[0].colour: unknown", "additionalDestinations[0].colour: unknown"],
    ["Only a host of the room can take it live.", "Only a host of the room can take it live."],
  ])("%s", (from, to) => {
    expect(plainPaths(from)).toBe(to);
  });
});
