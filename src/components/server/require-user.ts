import "server-only";
import "@/lib/golive";
// Pages that need a signed-in user send everyone else to sign in, and back here afterwards
// (docs/architecture.md, "Security model").
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getSessionUser, type SessionUser } from "@/lib/auth";

/** `fresh` for a page whose opening writes (the room page claims a name): past the cookie cache. */
export async function requireUser(returnTo: string, { fresh = false }: { fresh?: boolean } = {}): Promise<SessionUser> {
  const user = await getSessionUser(await headers(), { fresh });
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return user;
}

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
