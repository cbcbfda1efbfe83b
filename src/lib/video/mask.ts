// Masking of stream keys for anything a person or a log sees (DESIGN invariant 3).

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
