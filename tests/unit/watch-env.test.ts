// The watch rule's two variables (packages/golive/src/config/env.ts): who may watch a private broadcast, and how
// long its playback tokens last.
import { afterEach, expect, test, vi } from "vitest";
import { EnvError, playbackTokenSeconds, privateWatchers } from "@golive/next/config";

afterEach(() => vi.unstubAllEnvs());

test("LIVESTREAM_PRIVATE_WATCHERS: members by default (empty counts as unset), or signed-in; anything else names the variable", () => {
  vi.stubEnv("LIVESTREAM_PRIVATE_WATCHERS", "");
  expect(privateWatchers()).toBe("members");
  vi.stubEnv("LIVESTREAM_PRIVATE_WATCHERS", "signed-in");
  expect(privateWatchers()).toBe("signed-in");
  vi.stubEnv("LIVESTREAM_PRIVATE_WATCHERS", "everyone");
  expect(() => privateWatchers()).toThrow(new EnvError('Invalid environment: LIVESTREAM_PRIVATE_WATCHERS must be "members" or "signed-in".', ["LIVESTREAM_PRIVATE_WATCHERS"]));
});

test("LIVESTREAM_PLAYBACK_TOKEN_SECONDS: 600 by default, never more", () => {
  vi.stubEnv("LIVESTREAM_PLAYBACK_TOKEN_SECONDS", "");
  expect(playbackTokenSeconds()).toBe(600);
  vi.stubEnv("LIVESTREAM_PLAYBACK_TOKEN_SECONDS", "30");
  expect(playbackTokenSeconds()).toBe(30);
  vi.stubEnv("LIVESTREAM_PLAYBACK_TOKEN_SECONDS", "3600");
  expect(() => playbackTokenSeconds()).toThrow(new EnvError("Invalid environment: LIVESTREAM_PLAYBACK_TOKEN_SECONDS must be at most 600.", ["LIVESTREAM_PLAYBACK_TOKEN_SECONDS"]));
});
