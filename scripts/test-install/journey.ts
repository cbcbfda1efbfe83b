// One broadcast through the host's own routes, as a signed-in user of that host: join, go live,
// `active`, PATCH a layout, stop, `completed`; then the webhooks refuse a bad signature. Every
// answer is parsed with golive's own schemas; every wait is bounded.
import type { z } from "zod";
import { livekitTokenResultSchema, livestreamStatusResultSchema, startLivestreamResultSchema, stopLivestreamResultSchema } from "@golive/next/contract/client";
import { poll } from "./proc";
import type { Served } from "./serve";

export type Check = { name: string; ok: true };

/** `auth`: the headers that make a request the user's (a session cookie, or the stub's header). */
export type Caller = { auth: Record<string, string>; userId: string };

async function call<S extends z.ZodType>(served: Served, method: string, route: string, caller: Caller | null, schema: S | null, body?: unknown, expected = 200): Promise<z.output<S> | null> {
  const response = await fetch(`${served.url}${route}`, {
    method,
    headers: { ...(caller?.auth ?? {}), origin: served.url, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (response.status !== expected) throw new Error(`${method} ${route}: ${response.status}, expected ${expected}: ${text.slice(0, 500)}`);
  return schema ? schema.parse(JSON.parse(text)) : null;
}

/** The journey; the names of the checks it passed, in order. */
export async function goLiveJourney(served: Served, caller: Caller, room: string, { studio = false, pages = false } = {}): Promise<string[]> {
  const passed: string[] = [];
  const check = async (name: string, step: () => Promise<unknown>) => {
    await step();
    passed.push(name);
  };
  if (studio) await check("a page with golive's go-live button renders it, styled", async () => {
    const response = await fetch(`${served.url}/studio`, { headers: caller.auth, signal: AbortSignal.timeout(30_000) });
    const html = await response.text();
    if (response.status !== 200 || !/class="golive[ "]/.test(html) || !/<link[^>]+stylesheet/.test(html)) throw new Error(`/studio: ${response.status}, golive's markup or stylesheet missing:\n${html.slice(0, 800)}`);
  });
  await check("a request without a session is 401", () => call(served, "GET", `/api/livekit/token?room=${room}`, null, null, undefined, 401));
  await check("join: a LiveKit token for the room", async () => {
    const token = await call(served, "GET", `/api/livekit/token?room=${room}`, caller, livekitTokenResultSchema);
    if (token?.identity !== caller.userId) throw new Error(`token identity ${token?.identity}, expected ${caller.userId}`);
    await served.joinRoom(room, caller.userId);
  });
  let livestreamId = "";
  let playbackId = "";
  await check("go live", async () => {
    const started = await call(served, "POST", "/api/video/livestream", caller, startLivestreamResultSchema, { roomName: room }, 201);
    livestreamId = started?.livestreamId ?? "";
    playbackId = started?.muxPlaybackId ?? "";
  });
  const status = () => call(served, "GET", `/api/video/livestream/status?id=${livestreamId}`, caller, livestreamStatusResultSchema);
  await check("status reaches active", () => poll("active", async () => ((await status())?.status === "active" ? true : undefined)));
  if (pages) {
    await check("the pages item's /rooms lists the user's room", () => page(served, "/rooms", caller, [`href="/rooms/${room}"`, "Your rooms"]));
    await check("the pages item's watch page of the live broadcast renders", () => page(served, `/watch/${playbackId}`, caller, [room, "LIVE"]));
  }
  await check("PATCH the layout", async () => {
    const changed = await call(served, "PATCH", "/api/video/livestream", caller, livestreamStatusResultSchema, { roomName: room, layout: "speaker" });
    if (changed?.layout !== "speaker") throw new Error(`layout is ${changed?.layout} after the PATCH`);
  });
  await check("stop", () => call(served, "DELETE", "/api/video/livestream", caller, stopLivestreamResultSchema, { roomName: room }));
  await check("status reaches completed", () => poll("completed", async () => ((await status())?.status === "completed" ? true : undefined)));
  await check("a MUX webhook with a bad signature is 401", () =>
    fetch(`${served.url}/api/webhooks/mux`, { method: "POST", headers: { "content-type": "application/json", "mux-signature": "t=1,v1=00" }, body: "{}" }).then(expectStatus(401)));
  await check("a LiveKit webhook with a bad token is 401", () =>
    fetch(`${served.url}/api/webhooks/livekit`, { method: "POST", headers: { "content-type": "application/webhook+json", authorization: "not-a-token" }, body: "{}" }).then(expectStatus(401)));
  return passed;
}

/** A page of the host: 200, and the golive markup expected once its <Suspense> part has streamed in. */
async function page(served: Served, route: string, caller: Caller, expected: readonly string[]): Promise<void> {
  const response = await fetch(`${served.url}${route}`, { headers: caller.auth, signal: AbortSignal.timeout(30_000) });
  const html = await response.text();
  const missing = expected.filter((text) => !html.includes(text));
  if (response.status !== 200 || missing.length > 0) throw new Error(`${route}: ${response.status}, missing ${missing.join(", ")}:\n${html.slice(-1500)}`);
}

const expectStatus = (expected: number) => async (response: Response) => {
  if (response.status !== expected) throw new Error(`${response.url}: ${response.status}, expected ${expected}: ${(await response.text()).slice(0, 300)}`);
};
