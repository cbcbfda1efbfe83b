// Which request URLs `next dev` is told not to log (src/lib/unlogged-requests.ts, used by
// next.config.ts): every URL that carries a share or invite token, and nothing else.
import { expect, test } from "vitest";
import config from "../../next.config";
import { UNLOGGED_REQUESTS } from "@/lib/unlogged-requests";

const unlogged = (url: string) => UNLOGGED_REQUESTS.some((pattern) => pattern.test(url));

test.each([
  "/watch/abc?share=tok",
  "/watch/abc?x=1&share=tok",
  "/invite/tok",
  "/invite/tok?_rsc=1x2y",
  "/sign-in?next=%2Finvite%2Ftok",
  "/sign-in?next=/invite/tok",
  "/sign-in?next=%2Fwatch%2Fabc%3Fshare%3Dtok",
])("%s is not logged", (url) => {
  expect(unlogged(url)).toBe(true);
});

test.each(["/rooms", "/watch/abc", "/api/rooms/invites", "/api/rooms/invites/accept", "/sign-in?next=%2Frooms", "/api/health"])("%s is logged", (url) => {
  expect(unlogged(url)).toBe(false);
});

test("next.config.ts hands exactly these patterns to next dev", () => {
  const logging = config("phase-development-server").logging;
  expect(logging).toMatchObject({ serverFunctions: false });
  expect(logging && typeof logging === "object" && logging.incomingRequests).toEqual({ ignore: [...UNLOGGED_REQUESTS] });
});
