// Masking of stream keys for anything a person or a log sees (docs/architecture.md,
// invariant 3; "Security model").

/** `abcd…wxyz` for long secrets; short ones reveal nothing but their length class. */
export function maskSecret(secret: string): string {
  if (secret.length >= 12) return `${secret.slice(0, 4)}…${secret.slice(-4)}`;
  return "••••";
}

/** An ingest URL with its last path segment (the stream key) masked. */
export function maskRtmpUrl(url: string): string {
  const slash = url.lastIndexOf("/");
  if (slash < 0 || slash === url.length - 1) return url;
  return `${url.slice(0, slash + 1)}${maskSecret(url.slice(slash + 1))}`;
}

/** Replaces every occurrence of each secret in `text` by its mask (for upstream messages we log or relay). */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join(maskSecret(secret));
  }
  return out;
}

// rtmp://, rtmps:// and LiveKit's mux://{key} shorthand, up to whitespace or a quote.
const STREAM_URL = /\b(?:rtmps?|mux):\/\/[^\s"'<>`]+/gi;
// Sentence punctuation that follows a URL in a message is not part of its key.
const TRAILING_PUNCTUATION = /[.,;:!?)\]}]+$/;
// Our own mask (`abcd…wxyz`, `••••`) or LiveKit's redaction (`{abc...xyz}`).
const ALREADY_MASKED = /[…•]|^\{[^}]*\.\.\.[^}]*\}?$/; // its `}` may have gone with the trailing punctuation

function maskStreamUrl(match: string): string {
  const trailing = TRAILING_PUNCTUATION.exec(match)?.[0] ?? "";
  const url = match.slice(0, match.length - trailing.length);
  const afterScheme = url.indexOf("://") + 3;
  const slash = url.lastIndexOf("/");
  // rtmp://host alone has no key; an already masked key is left as it is (applying twice is harmless).
  if (slash < afterScheme && !url.toLowerCase().startsWith("mux://")) return match;
  if (ALREADY_MASKED.test(url.slice(slash + 1))) return match;
  return `${maskRtmpUrl(url)}${trailing}`;
}

/**
 * Upstream text (LiveKit's or MUX's error messages) made fit to store and show: every known
 * key masked wherever it appears, and the last path segment of every rtmp(s):// URL masked
 * even when we don't know the key (another destination's, or one the upstream echoed).
 */
export function redactUpstreamText(text: string, knownKeys: readonly (string | null | undefined)[] = []): string {
  // URLs first: masking a known key first would leave a short mask for maskRtmpUrl to mask again.
  const urlsMasked = text.replace(STREAM_URL, maskStreamUrl);
  return redact(
    urlsMasked,
    knownKeys.filter((key): key is string => typeof key === "string"),
  );
}

/**
 * A stream URL as LiveKit's egress reports it in `stream_results[].url`: the key (last path
 * segment) as `{abc...xyz}`, 3 characters each side from 9 characters up, 2 from 6, 1 from 3,
 * none below (docs/architecture.md, "Upstream facts").
 */
export function livekitRedactedUrl(url: string): string {
  const slash = url.lastIndexOf("/");
  if (slash < 0) return url;
  const key = url.slice(slash + 1);
  const side = key.length >= 9 ? 3 : key.length >= 6 ? 2 : key.length >= 3 ? 1 : 0;
  return `${url.slice(0, slash + 1)}{${key.slice(0, side)}...${side === 0 ? "" : key.slice(-side)}}`;
}

// Characters a stream key can't hold (stream-destinations.ts, assertValidStreamKey): a key in
// a text lies within a run of the others.
const NOT_IN_KEY = /[/?#%\\\s\p{Cc}]/u;

/**
 * Masks every substring of `text` that `isKey` recognises, trying only the lengths a key of
 * the broadcast can have (longest first) and only within runs of characters a key can hold.
 * For keys known only by a keyed hash (destinations/keys.ts): a substring is tested, never
 * compared with a key kept in clear.
 */
export function maskRecognisedKeys(text: string, lengths: readonly number[], isKey: (candidate: string) => boolean): string {
  const sizes = [...new Set(lengths)].filter((n) => n > 0).sort((a, b) => b - a);
  if (sizes.length === 0) return text;
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (NOT_IN_KEY.test(text[i] ?? "")) {
      out += text[i];
      i += 1;
      continue;
    }
    let end = i;
    while (end < text.length && !NOT_IN_KEY.test(text[end] ?? "")) end += 1;
    // Within the run [i, end): the first recognised key at each position, longest first.
    while (i < end) {
      const at = i;
      const found = sizes.find((n) => at + n <= end && isKey(text.slice(at, at + n)));
      out += found === undefined ? text[i] : maskSecret(text.slice(i, i + found));
      i += found ?? 1;
    }
  }
  return out;
}

/** Upstream text is kept to this many characters (what a person reads of an error, and a bound on the work of masking it). */
export const MAX_UPSTREAM_TEXT = 2_000;

/**
 * `text` cut to `max` characters; the cut goes back to the start of the run of key characters
 * it falls in, so no part of a key is left that a mask would no longer recognise.
 */
export function boundUpstreamText(text: string, max = MAX_UPSTREAM_TEXT): string {
  if (text.length <= max) return text;
  let cut = max;
  while (cut > 0 && !NOT_IN_KEY.test(text[cut - 1] ?? "")) cut -= 1;
  return `${text.slice(0, cut)}…`;
}
