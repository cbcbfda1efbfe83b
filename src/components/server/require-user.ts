// Where to go after signing in (docs/architecture.md, "Security model"). Pages that need a
// signed-in user send everyone else to sign in with golive's `pageUser` (docs/architecture.md, "The host").
const FALLBACK = "/rooms";
// A fixed origin to resolve against: the app's real origin doesn't matter, only whether the
// value stays on whatever origin it is resolved against.
const PROBE_ORIGIN = "https://return-path.invalid";
// The URL parser silently drops tabs and newlines ("/\t/evil.example" parses as
// "//evil.example") and reads "\" as "/", so such values are refused before parsing.
const UNSAFE_CHARS = /[\p{Cc}\p{Z}\s\\]/u;

/**
 * The path to go to after signing in, from `?next=`, which anyone can craft. Only a path
 * of this app comes out ("/x?y#z", normalised the way a browser resolves it); anything that
 * could leave the origin — "//evil.example", "/\tevil", "https://…", "/..//evil" — gives /rooms.
 */
export function safeReturnPath(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  if (!value || !value.startsWith("/") || UNSAFE_CHARS.test(value)) return FALLBACK;
  let url: URL;
  try {
    url = new URL(value, PROBE_ORIGIN);
  } catch {
    return FALLBACK;
  }
  if (url.origin !== PROBE_ORIGIN) return FALLBACK;
  const path = `${url.pathname}${url.search}${url.hash}`;
  // "/.//evil.example" normalises to "//evil.example": harmless here, a foreign origin to
  // whoever resolves the result again (a Location header, router.push).
  if (!path.startsWith("/") || path.startsWith("//")) return FALLBACK;
  return path;
}
