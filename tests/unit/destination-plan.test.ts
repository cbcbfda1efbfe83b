// The go-live planner: the one place a body's destinations become what the egress dials.
// The route, the server action and the form all run it, so these cases are theirs too.
import { describe, expect, test } from "vitest";
import { newDraft, validateForm } from "@golive/next/ui";
import {
  type DestinationInput,
  goLiveRequestSchema,
  isGoLivePlan,
  mixedProtocolsMessage,
  planDestinations,
  planGoLive,
  buildDestination,
  type StreamDestination,
} from "@golive/next/destinations";
import { LivestreamError, formatIssues, tooManyDestinationsMessage } from "@golive/next/contract";

const youtube = (streamKey = "abcd-efgh-ijkl-mnop"): DestinationInput => ({ type: "youtube", streamKey });
const custom = (customRtmpUrl: string, streamKey = "k-123"): DestinationInput => ({ type: "custom", streamKey, customRtmpUrl });

/** The 400 the planner throws, or the plan when there is none. */
function refusal(inputs: readonly DestinationInput[]): string {
  try {
    planDestinations(inputs);
  } catch (error) {
    if (error instanceof LivestreamError && error.code === "bad_request") return error.message;
    throw error;
  }
  throw new Error("planned without a 400");
}

describe("the egress protocol", () => {
  test.each<[string, DestinationInput[], "rtmp" | "rtmps"]>([
    ["no extra destination: MUX over rtmp", [], "rtmp"],
    ["YouTube", [youtube()], "rtmp"],
    ["Twitch and YouTube", [{ type: "twitch", streamKey: "live_123" }, youtube()], "rtmp"],
    ["an rtmps custom server", [custom("rtmps://live.example.com:443/app")], "rtmps"],
    ["two rtmps custom servers", [custom("rtmps://a.example/app"), custom("rtmps://b.example/app")], "rtmps"],
  ])("%s → %s", (_name, inputs, protocol) => {
    expect(planDestinations(inputs).protocol).toBe(protocol);
  });

  test.each<[string, DestinationInput[]]>([
    ["YouTube then rtmps", [youtube(), custom("rtmps://live.example.com/app")]],
    ["rtmps then Twitch", [custom("rtmps://live.example.com/app"), { type: "twitch", streamKey: "live_123" }]],
    ["rtmp and rtmps custom servers", [custom("rtmp://a.example/app"), custom("rtmps://b.example/app")]],
  ])("one protocol per egress: %s is refused", (_name, inputs) => {
    expect(refusal(inputs)).toBe(mixedProtocolsMessage);
  });
});

describe("each planned destination", () => {
  test.each<[string, DestinationInput, { type: string; name: string; rtmpUrl: string; streamKey: string; maskedUrl: string }]>([
    [
      "YouTube, named after its type",
      youtube(),
      {
        type: "youtube",
        name: "youtube",
        rtmpUrl: "rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop",
        streamKey: "abcd-efgh-ijkl-mnop",
        maskedUrl: "rtmp://a.rtmp.youtube.com/live2/abcd…mnop",
      },
    ],
    [
      "Twitch at a regional ingest, with a name; a short key is masked whole",
      { type: "twitch", name: "My Twitch", streamKey: "live_1", twitchIngestServer: "live-fra.twitch.tv" },
      { type: "twitch", name: "My Twitch", rtmpUrl: "rtmp://live-fra.twitch.tv/app/live_1", streamKey: "live_1", maskedUrl: "rtmp://live-fra.twitch.tv/app/••••" },
    ],
    [
      "a custom server: trailing slashes go, the base stays as written",
      custom("rtmps://Live.Example.com:443/App//", "custom-key-123456"),
      {
        type: "custom",
        name: "custom",
        rtmpUrl: "rtmps://Live.Example.com:443/App/custom-key-123456",
        streamKey: "custom-key-123456",
        maskedUrl: "rtmps://Live.Example.com:443/App/cust…3456",
      },
    ],
    [
      "one server code built (buildDestination), planned like a body's",
      buildDestination("youtube", "abcd-efgh-ijkl-mnop", { name: "YouTube" }),
      {
        type: "youtube",
        name: "YouTube",
        rtmpUrl: "rtmp://a.rtmp.youtube.com/live2/abcd-efgh-ijkl-mnop",
        streamKey: "abcd-efgh-ijkl-mnop",
        maskedUrl: "rtmp://a.rtmp.youtube.com/live2/abcd…mnop",
      },
    ],
  ])("%s", (_name, input, planned) => {
    expect(planDestinations([input]).destinations).toEqual([planned]);
  });

  test("the order is the body's (the egress's output order after MUX)", () => {
    const plan = planDestinations([{ type: "twitch", streamKey: "live_123" }, youtube("yt-key-1234")]);
    expect(plan.destinations.map((d) => d.type)).toEqual(["twitch", "youtube"]);
  });

  test("no masked URL carries its key", () => {
    const key = "secret-key-0123456789";
    const plan = planDestinations([youtube(key), { type: "twitch", streamKey: key }, custom("rtmp://live.example.com/app", key)]);
    for (const d of plan.destinations) expect(d.maskedUrl).not.toContain(key);
  });
});

describe("400s name the destination's index and field", () => {
  const keyProblem = "streamKey must not contain '/', '?', '#', '%', '\\', whitespace or control characters.";
  const built = (rtmpUrl: string, streamKey: string): StreamDestination => ({ type: "custom", name: "custom", rtmpUrl, streamKey });
  test.each<[string, DestinationInput[], string]>([
    ["a key that escapes its segment", [youtube("abc/../../x?y")], `additionalDestinations[0].${keyProblem}`],
    ["a percent-encoded key, second", [youtube(), custom("rtmp://live.example.com/app", "%2e%2e")], `additionalDestinations[1].${keyProblem}`],
    ["a key of dots", [youtube(".."), youtube()], "additionalDestinations[0].streamKey must not be only dots, like '.' or '..'."],
    ["a key over 512 characters", [youtube("k".repeat(513))], "additionalDestinations[0].streamKey must be at most 512 characters."],
    ["an empty key", [youtube("")], "additionalDestinations[0].streamKey is required."],
    [
      "custom without its URL, third",
      [youtube(), youtube(), { type: "custom", streamKey: "k-123" }],
      "additionalDestinations[2].customRtmpUrl is required for custom destinations.",
    ],
    [
      "custom over http",
      [custom("https://evil.example/app")],
      "additionalDestinations[0].customRtmpUrl must be an rtmp:// or rtmps:// URL with a host, like rtmp://live.example.com/app.",
    ],
    [
      "custom with credentials",
      [custom("rtmp://user:pw@live.example.com/app")],
      "additionalDestinations[0].customRtmpUrl must not contain credentials.",
    ],
    [
      "custom with a query",
      [custom("rtmp://live.example.com/app?x=1")],
      "additionalDestinations[0].customRtmpUrl must not have a query or fragment; give the stream key separately.",
    ],
    [
      "a Twitch server that isn't Twitch's",
      [{ type: "twitch", streamKey: "live_123", twitchIngestServer: "live.twitch.tv.evil.example" }],
      "additionalDestinations[0].twitchIngestServer must be a Twitch ingest server: live.twitch.tv, live-<region>.twitch.tv or <server>.contribute.live-video.net.",
    ],
    [
      "a built destination whose URL doesn't end with its key",
      [built("rtmp://live.example.com/app/other", "k-123")],
      "additionalDestinations[0].rtmpUrl must end with its stream key.",
    ],
    ["a built destination with a bad key", [built("rtmp://live.example.com/app/a b", "a b")], `additionalDestinations[0].${keyProblem}`],
  ])("%s", (_name, inputs, message) => {
    expect(refusal(inputs)).toBe(message);
  });

  test("the first problem wins, before the one-protocol rule", () => {
    expect(refusal([custom("rtmps://live.example.com/app"), youtube("bad key")])).toBe(`additionalDestinations[1].${keyProblem}`);
  });
});

describe("the cap", () => {
  test.each([
    [10, null],
    [11, tooManyDestinationsMessage],
  ])("%i destinations → %s", (count, message) => {
    const inputs = Array.from({ length: count }, (_, i) => youtube(`abcd-efgh-ijkl-${i}`));
    if (message === null) expect(planDestinations(inputs).destinations).toHaveLength(count);
    else expect(refusal(inputs)).toBe(message);
  });
});

describe("goLiveRequestSchema: the body parsed and planned in one pass", () => {
  const problems = (body: unknown) => {
    const parsed = goLiveRequestSchema.safeParse(body);
    return parsed.success ? null : formatIssues(parsed.error);
  };

  test("a valid body becomes a plan; what wasn't asked stays unasked", () => {
    const parsed = goLiveRequestSchema.parse({ roomName: " room-1 ", additionalDestinations: [youtube()] });
    expect(parsed).toEqual({
      roomName: "room-1",
      latencyMode: undefined,
      maxDuration: undefined,
      layout: undefined,
      quality: undefined,
      orientation: undefined,
      visibility: undefined,
      captions: undefined,
      protocol: "rtmp",
      destinations: [expect.objectContaining({ type: "youtube", maskedUrl: "rtmp://a.rtmp.youtube.com/live2/abcd…mnop" })],
    });
    expect(isGoLivePlan(parsed)).toBe(true);
    expect(isGoLivePlan({ roomName: "room-1", additionalDestinations: [] })).toBe(false);
  });

  test.each<[string, unknown, string]>([
    // The body's field problems all come together, and the planner isn't reached.
    [
      "field problems, all at once",
      { roomName: "", latencyMode: "ultra", additionalDestinations: [youtube("bad key")] },
      'roomName is required. latencyMode must be "standard" or "low".',
    ],
    ["a missing key is the schema's", { roomName: "r", additionalDestinations: [{ type: "twitch", streamKey: "" }] }, "additionalDestinations[0].streamKey: streamKey is required."],
    ["the cap is the schema's", { roomName: "r", additionalDestinations: Array.from({ length: 11 }, () => youtube()) }, tooManyDestinationsMessage],
    ["then the planner's", { roomName: "r", additionalDestinations: [youtube(), youtube("bad key")] }, "additionalDestinations[1].streamKey must not contain '/', '?', '#', '%', '\\', whitespace or control characters."],
    ["and its one-protocol rule", { roomName: "r", additionalDestinations: [youtube(), custom("rtmps://live.example.com/app")] }, mixedProtocolsMessage],
    // LiveKit keys outputs by URL: the same one twice would be one output.
    ["a repeated destination", { roomName: "r", additionalDestinations: [youtube(), custom("rtmp://live.example.com/app"), youtube()] }, "additionalDestinations[2] is the same destination as additionalDestinations[0]."],
    ["an unknown layout", { roomName: "r", layout: "mosaic" }, 'layout must be one of "grid", "speaker", "single-speaker", "grid-light", "speaker-light", "single-speaker-light".'],
    ["an unknown quality", { roomName: "r", quality: "4k" }, 'quality must be one of "720p30", "720p60", "1080p30", "1080p60".'],
    ["an unknown orientation", { roomName: "r", orientation: "square" }, 'orientation must be "landscape" or "portrait".'],
  ])("%s", (_name, body, message) => {
    expect(problems(body)).toBe(message);
  });

  test("server code's options plan the same as the body", () => {
    const fromBody = goLiveRequestSchema.parse({ roomName: "r", latencyMode: "low", additionalDestinations: [{ type: "youtube", name: "YouTube", streamKey: "abcd-efgh-ijkl-mnop" }] });
    const fromCode = planGoLive({ roomName: "r", latencyMode: "low", additionalDestinations: [buildDestination("youtube", "abcd-efgh-ijkl-mnop", { name: "YouTube" })] });
    expect(fromCode).toEqual(fromBody);
  });
});

describe("the form shows the planner's messages", () => {
  test("mixed protocols, in the form's words", () => {
    const yt = { ...newDraft("youtube"), streamKey: "yt-key-1234" };
    const rtmps = { ...newDraft("custom"), streamKey: "k-123", serverUrl: "rtmps://live.example.com/app" };
    expect(validateForm("room-1", "standard", [yt, rtmps])).toBe(
      "The extra destinations must all use the same protocol: LiveKit sends one egress over either rtmp:// or rtmps://, not both.",
    );
    expect(validateForm("room-1", "standard", [yt])).toBeNull();
  });
});
