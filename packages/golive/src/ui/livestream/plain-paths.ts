// The server names a field by its API path ("additionalDestinations[1].streamKey: …"); the studio
// says which destination and which field in a person's words (docs/ui.md, "Plain words").

const fieldWords: Record<string, string> = {
  streamKey: "stream key",
  customRtmpUrl: "server URL",
  twitchIngestServer: "Twitch server",
  name: "name",
  type: "type",
  savedDestinationId: "saved destination",
  title: "title",
  description: "description",
  maxDuration: "maximum length",
  roomName: "room name",
  latencyMode: "latency",
  layout: "layout",
  quality: "quality",
  captions: "live captions",
};

const listWords: Record<string, string> = { additionalDestinations: "Destination", addDestinations: "New destination" };

/** "additionalDestinations[0].streamKey: must not…" → "Destination 1, stream key: must not…". */
export function plainPaths(message: string): string {
  return message
    .replace(/\b(additionalDestinations|addDestinations)\[(\d+)\]\.(\w+):/g, (whole, list: string, index: string, field: string) => {
      const words = fieldWords[field];
      return words ? `${listWords[list]} ${Number(index) + 1}, ${words}:` : whole;
    })
    .replace(/(^|\. )(\w+): /g, (whole, lead: string, field: string) => {
      const words = fieldWords[field];
      return words ? `${lead}${words[0]?.toUpperCase()}${words.slice(1)}: ` : whole;
    });
}
