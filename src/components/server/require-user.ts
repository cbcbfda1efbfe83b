import "server-only";
// Pages that need a signed-in user send everyone else to sign in, and back here afterwards.
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { getSessionUser, type SessionUser } from "@/lib/auth";

export async function requireUser(returnTo: string): Promise<SessionUser> {
  const user = await getSessionUser(await headers());
  if (!user) redirect(`/sign-in?next=${encodeURIComponent(returnTo)}`);
  return user;
}

/** Only same-site paths may be returned to ("/x", not "//evil.example" or "https://…"). */
export function safeReturnPath(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  return value && /^\/(?![/\\])/.test(value) ? value : "/rooms";
}
