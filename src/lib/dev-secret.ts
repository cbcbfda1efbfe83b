// The development auth secret, made on first use and kept in `.data/` (gitignored), for when
// BETTER_AUTH_SECRET is unset outside production. docs/reference/configuration.md.
import { randomBytes } from "node:crypto";
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { EnvError } from "@golive/next/config";

/** Where development keeps the auth secret it generated. */
export const DEV_AUTH_SECRET_FILE = ".data/dev-auth-secret";

const isErrno = (error: unknown, code: string) => error instanceof Error && (error as NodeJS.ErrnoException).code === code;

function readDevSecret(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    if (isErrno(error, "ENOENT")) return null;
    throw error;
  }
  const secret = text.trim();
  if (secret.length < 32) {
    throw new EnvError(`${file} does not hold a valid secret: delete it (a new one is made) or set BETTER_AUTH_SECRET.`, ["BETTER_AUTH_SECRET"]);
  }
  return secret;
}

/**
 * The development auth secret in `file`, made on first use: 32 random bytes, readable by
 * this user only. Never a constant — the session cookie cache trusts any correctly signed
 * cookie, so a secret anyone can read would let anyone forge a session. Processes that
 * start together agree on one: the secret is written whole to a private temporary file
 * and hard-linked into place, which fails for all but the first; the others read the
 * winner's, and no process ever sees a half-written file.
 */
export function devAuthSecret(file: string = DEV_AUTH_SECRET_FILE): string {
  const existing = readDevSecret(file);
  if (existing) return existing;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  writeFileSync(temporary, `${randomBytes(32).toString("base64url")}\n`, { mode: 0o600, flag: "wx" });
  try {
    linkSync(temporary, file);
  } catch (error) {
    if (!isErrno(error, "EEXIST")) {
      throw new EnvError(`Could not create ${file} (${error instanceof Error ? error.message : String(error)}): set BETTER_AUTH_SECRET.`, [
        "BETTER_AUTH_SECRET",
      ]);
    }
  } finally {
    unlinkSync(temporary);
  }
  const secret = readDevSecret(file);
  if (!secret) throw new EnvError(`${file} disappeared while it was being created: set BETTER_AUTH_SECRET.`, ["BETTER_AUTH_SECRET"]);
  return secret;
}
