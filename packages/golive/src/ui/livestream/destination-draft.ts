// A destination as it is being typed, validated with the API's own pure code (stream-destinations,
// the planner), so the form accepts exactly what the server does (docs/ui.md, "The studio panel").
import {
  goLiveRequestSchema,
  assertValidStreamKey,
  buildTwitchRtmpUrl,
  parseCustomRtmpUrl,
} from "../../destinations/client";
import { LivestreamError } from "../../contract/client";

export type DraftType = "youtube" | "twitch" | "custom";

export type DestinationDraft = {
  /** Local id for React keys and element ids; never sent. */
  id: string;
  type: DraftType;
  name: string;
  streamKey: string;
  /** custom: rtmp(s)://host/app */
  serverUrl: string;
  /** twitch: optional ingest host */
  ingestServer: string;
  /** At go-live: also keep it as a saved destination (its name, server and key). */
  save?: boolean;
};

export const typeLabels: Record<DraftType | "mux", string> = {
  mux: "Watch page",
  youtube: "YouTube",
  twitch: "Twitch",
  custom: "Custom server",
};

export type DraftField = "name" | "streamKey" | "serverUrl" | "ingestServer";
export type DraftErrors = Partial<Record<DraftField, string>>;

let counter = 0;
export function newDraft(type: DraftType): DestinationDraft {
  counter += 1;
  return { id: `dest-${counter}`, type, name: "", streamKey: "", serverUrl: "", ingestServer: "" };
}

const labelOf: Record<string, string> = {
  additionalDestinations: "The extra destinations",
  streamKey: "The stream key",
  customRtmpUrl: "The server URL",
  twitchIngestServer: "The ingest server",
};

/** "streamKey must not contain …" → "The stream key must not contain …". */
function humanize(message: string): string {
  const match = /^(\w+)( [\s\S]*)$/.exec(message);
  const label = match?.[1] ? labelOf[match[1]] : undefined;
  return label && match?.[2] ? `${label}${match[2]}` : message;
}

function check(run: () => unknown): string | undefined {
  try {
    run();
    return undefined;
  } catch (error) {
    if (error instanceof LivestreamError) return humanize(error.message);
    throw error;
  }
}

/** Field-by-field problems of one draft (each field checked on its own so all show at once). */
export function validateDraft(draft: DestinationDraft): DraftErrors {
  const errors: DraftErrors = {};
  const key = check(() => assertValidStreamKey(draft.streamKey));
  if (key) errors.streamKey = key;
  if (draft.type === "custom") {
    const url = draft.serverUrl.trim() === "" ? "The server URL is required for a custom destination." : check(() => parseCustomRtmpUrl(draft.serverUrl));
    if (url) errors.serverUrl = url;
  }
  if (draft.type === "twitch" && draft.ingestServer.trim() !== "") {
    // A placeholder key: only the server is being checked here.
    const server = check(() => buildTwitchRtmpUrl("key", draft.ingestServer.trim()));
    if (server) errors.ingestServer = server;
  }
  if (draft.name.trim().length > 100) errors.name = "The name must be at most 100 characters.";
  return errors;
}

/** The API body entry of a draft. */
export function toBodyDestination(draft: DestinationDraft) {
  return {
    type: draft.type,
    name: draft.name.trim() || typeLabels[draft.type],
    streamKey: draft.streamKey,
    customRtmpUrl: draft.type === "custom" ? draft.serverUrl.trim() : undefined,
    twitchIngestServer: draft.type === "twitch" && draft.ingestServer.trim() !== "" ? draft.ingestServer.trim() : undefined,
  };
}

/**
 * Whole-form check, by the server's own parser and planner: the body schema, every
 * destination built, and LiveKit's one-protocol-per-egress rule. Returns a sentence, or
 * null when it's valid.
 */
export function validateForm(roomName: string, latencyMode: "standard" | "low", drafts: readonly DestinationDraft[], captions?: string): string | null {
  const parsed = goLiveRequestSchema.safeParse({ roomName, latencyMode, captions, additionalDestinations: drafts.map(toBodyDestination) });
  return parsed.success ? null : parsed.error.issues.map((i) => humanize(i.message)).join(" ");
}
