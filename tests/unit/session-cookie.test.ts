// The write path's session check reads better-auth's signed session cookie itself
// (src/lib/session-check.ts), with better-auth's cookie parser: it must accept exactly what
// better-auth's signer (better-call) makes with the secret, and nothing else.
import { serializeSignedCookie } from "better-call";
import { describe, expect, test } from "vitest";
import { parseCookies } from "better-auth/cookies";
import { verifiedToken } from "@/lib/session-check";

const SECRET = "a-secret-of-at-least-thirty-two-characters";
const NAME = "better-auth.session_token";

/** The session cookie of a Cookie header as the check reads it. */
const cookieValue = (header: string | null) => parseCookies(header ?? "").get(NAME) ?? null;

/** The Cookie header a browser sends back for better-auth's Set-Cookie, with other cookies around it. */
async function cookieHeader(token: string, secret = SECRET): Promise<string> {
  const setCookie = await serializeSignedCookie(NAME, token, secret);
  const pair = setCookie.split(";")[0] ?? "";
  return `theme=dark; ${pair}; other=1`;
}

describe("the signed session cookie", () => {
  test("a cookie better-auth signed gives its token back", async () => {
    const token = "Qz4kP0pYb3mT7rVw9xN2sLdF6gHjK8aE";
    expect(verifiedToken(cookieValue(await cookieHeader(token)) ?? "", SECRET)).toBe(token);
  });

  test.each([
    ["signed with another secret", async () => cookieValue(await cookieHeader("tok", "another-secret-of-thirty-two-characters")) ?? ""],
    ["a token changed after signing", async () => (cookieValue(await cookieHeader("tok")) ?? "").replace(/^tok/, "tol")],
    ["no signature", async () => "tok"],
    ["an empty signature", async () => "tok."],
    ["a signature cut short", async () => (cookieValue(await cookieHeader("tok")) ?? "").slice(0, -4)],
  ])("%s: refused", async (_, value) => {
    expect(verifiedToken(await value(), SECRET)).toBeNull();
  });

  test.each([
    ["no Cookie header", null],
    ["no such cookie", "theme=dark; other=1"],
    ["a prefix of its name only", "better-auth.session=abc"],
    ["a value that doesn't decode", `${NAME}=%E0%A4%A`],
  ])("%s: no token", (_, header) => {
    expect(verifiedToken(cookieValue(header) ?? "", SECRET)).toBeNull();
  });
});
