"use server";
// The sign-in form's server action: a native POST through better-auth's handler, so every limit and
// check of POST /api/auth/… applies (docs/reference/security.md).
import { parseSetCookieHeader, toCookieOptions } from "better-auth/cookies";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { safeReturnPath } from "@/components/server/require-user";
import { MAX_NAME_LENGTH, postToAuthEndpoint } from "@/lib/auth";
import { describeError } from "@golive/next/config";
import type { SignInMode, SignInState } from "./form-state";

const field = (form: FormData, name: string): string => {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
};

/** Without a name, the email stands in (its local part if the whole would be too long). */
const nameFor = (name: string, email: string) => name.trim() || (email.length <= MAX_NAME_LENGTH ? email : email.split("@")[0] ?? "");

async function failureMessage(response: Response, mode: SignInMode): Promise<string> {
  const body: unknown = await response.json().catch(() => null);
  const message = typeof body === "object" && body !== null && "message" in body && typeof body.message === "string" ? body.message : "";
  // A locked account (src/lib/sign-in-failures.ts) says so itself, and how long for.
  if (response.status === 429 && typeof body === "object" && body !== null && "code" in body && body.code === "ACCOUNT_LOCKED" && message) return message;
  if (response.status === 429) {
    const seconds = Number(response.headers.get("x-retry-after"));
    const wait = Number.isFinite(seconds) && seconds > 0 ? `${seconds} second${seconds === 1 ? "" : "s"}` : "a few seconds";
    return `Too many attempts from your network. Wait ${wait} and try again.`;
  }
  if (message) return message.endsWith(".") ? message : `${message}.`;
  return mode === "sign-up" ? "The account couldn't be created. Try again in a moment." : "That didn't work. Check your email and password.";
}

export async function submitSignIn(_previous: SignInState, form: FormData): Promise<SignInState> {
  const mode: SignInMode = field(form, "mode") === "sign-up" ? "sign-up" : "sign-in";
  const email = field(form, "email").trim();
  const name = field(form, "name");
  // The mode switch is a submit button too, so it works without JavaScript; it signs nobody in.
  if (field(form, "intent") === "switch") return { mode: mode === "sign-up" ? "sign-in" : "sign-up", error: null, email, name };

  const password = field(form, "password");
  if (!email || !password) return { mode, error: "Enter your email and password.", email, name };
  const body: Record<string, string> = mode === "sign-up" ? { email, password, name: nameFor(name, email) } : { email, password };

  let response: Response;
  try {
    response = await postToAuthEndpoint(mode === "sign-up" ? "/sign-up/email" : "/sign-in/email", body, await headers());
  } catch (error) {
    console.error(`[golive] ${mode} failed: ${describeError(error)}`);
    return { mode, error: "Something went wrong on our side. Try again in a moment.", email, name };
  }
  if (!response.ok) return { mode, error: await failureMessage(response, mode), email, name };

  // The session cookies better-auth set, on this action's response.
  const jar = await cookies();
  for (const header of response.headers.getSetCookie()) {
    for (const [cookieName, attributes] of parseSetCookieHeader(header)) jar.set(cookieName, attributes.value, toCookieOptions(attributes));
  }
  // Checked again here: the hidden field is as much the client's as ?next= is.
  redirect(safeReturnPath(field(form, "next")));
}
