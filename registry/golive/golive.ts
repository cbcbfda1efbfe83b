import "server-only";
// golive's host file: how this app lends golive its database, its signed-in user, its users'
// names and a secret (golive's README, "Add golive to your app"). Route files and server
// actions import it by a relative path. It is yours: edit it; upgrades never overwrite it.
import { createGolive } from "@golive/next";
import { createEnvReader, optional } from "@golive/next/config";
import { z } from "zod";
import { getDb } from "./golive-db";

const env = createEnvReader({
  /** Signs golive's invite and share links: at least 32 random characters. */
  GOLIVE_SECRET: optional(z.string().min(32, "must be at least 32 characters")),
  /** This app's public URL, e.g. https://example.com (invite and share links are built on it). */
  GOLIVE_PUBLIC_URL: optional(z.url()),
});

export const golive = createGolive({
  db: getDb,
  // Your auth's signed-in user, or null (every golive route then answers 401). With better-auth:
  //   const session = await auth.api.getSession({ headers, query: { disableCookieCache: fresh } });
  //   return session && { id: session.user.id, name: session.user.name };
  // `fresh` is true on writes: check the session in your database, past any cookie cache.
  async getSessionUser(_headers, { fresh: _fresh }) {
    return null;
  },
  // Display names of your users, for room members and invites; ids you don't know may be left out.
  async getUserNames(_ids) {
    return new Map<string, string>();
  },
  secret: () => env.requireAll("golive", ["GOLIVE_SECRET"]).GOLIVE_SECRET,
  publicUrl: () => env.read(["GOLIVE_PUBLIC_URL"]).GOLIVE_PUBLIC_URL,
});
