// `npm run soak -- --seconds N`: two `next start` instances of the built app on one fresh
// Postgres database and one sandbox, behind a loopback round-robin proxy; simulated users go
// live, stop, poll and change their broadcasts for N seconds while the sandbox injects faults
// (5xx, delays, lost answers, dropped/duplicated/reordered webhooks, dropped outputs) and one
// instance is SIGKILLed and restarted. Then faults are cleared, reconcile runs until it has
// nothing left to do, and the invariants in scripts/lib/soak-invariants.ts are checked and
// printed. Exit 0 only when every invariant holds and the app answered no 500.
// Everything listens on and dials 127.0.0.1 only (the database too: see databaseServer()).
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomInt } from "node:crypto";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import postgres from "postgres";
import { drizzle } from "drizzle-orm/postgres-js";
import { migrate } from "drizzle-orm/postgres-js/migrator";
import { readEnv } from "../src/lib/env";
import { startSandbox, type FaultAction, type Sandbox, type ServiceName, type WebhookFaultAction } from "@golive/sandbox";
import { freePort } from "./lib/harness/free-port";
import { startRoundRobinProxy } from "./lib/round-robin-proxy";
import { checkLogs, checkState, type InvariantResult, type Secret, type SoakSnapshot } from "./lib/soak-invariants";

// ---------------------------------------------------------------------------------------------
// Output: everything this script prints is kept, so the secrets check covers it too.

const printed: string[] = [];
function say(line = ""): void {
  printed.push(line);
  process.stdout.write(`${line}\n`);
}
function fail(message: string, code = 2): never {
  process.stderr.write(`soak: ${message}\n`);
  process.exit(code);
}

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    users: { type: "string", default: "12" },
    seed: { type: "string" },
    "keep-db": { type: "boolean", default: false },
  },
});
const SECONDS = Number(args.seconds);
const USERS = Number(args.users);
if (!Number.isInteger(SECONDS) || SECONDS < 10 || SECONDS > 86_400) fail("--seconds must be a whole number from 10 to 86400");
if (!Number.isInteger(USERS) || USERS < 2 || USERS > 50) fail("--users must be a whole number from 2 to 50");

// A seeded generator when --seed is given, so a run's choices can be replayed (timing still varies).
let seed = args.seed === undefined ? randomInt(2 ** 31) : Number(args.seed);
const runSeed = seed;
function random(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
function pick<T>(items: readonly T[]): T {
  if (items.length === 0) throw new Error("pick from an empty list");
  return items[Math.floor(random() * items.length)] as T;
}
const chance = (p: number) => random() < p;
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const hex = (bytes: number) => randomBytes(bytes).toString("hex");

// ---------------------------------------------------------------------------------------------
// Preconditions: a build, and a Postgres server on loopback.

const BUILD_ID = path.resolve(".next/BUILD_ID");
if (!existsSync(BUILD_ID)) fail("no production build (.next/BUILD_ID is missing): run `npx next build` first");

const DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/postgres";
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "localhost", "[::1]", "::1"]);

function databaseServer(): string {
  let url: string;
  try {
    url = readEnv(["DATABASE_URL"]).DATABASE_URL ?? DEFAULT_DATABASE_URL;
  } catch (error) {
    fail(error instanceof Error ? error.message : "DATABASE_URL is invalid");
  }
  const host = new URL(url).hostname;
  // The soak dials nothing but loopback; a remote server would also share its load with others.
  if (!LOOPBACK_HOSTS.has(host)) fail(`DATABASE_URL must name a Postgres server on 127.0.0.1 (it names ${host}): the soak dials loopback only`);
  return url;
}

type Database = { url: string; sql: postgres.Sql; drop: () => Promise<void> };

async function freshDatabase(serverUrl: string): Promise<Database> {
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {}, connect_timeout: 5 });
  try {
    await admin`select 1`;
  } catch (error) {
    await admin.end({ timeout: 1 }).catch(() => {});
    const why = error instanceof Error ? error.message : String(error);
    fail(
      `can't reach the Postgres server DATABASE_URL names (${new URL(serverUrl).host}): ${why}.\n` +
        "The soak runs two app processes on one database, so it needs a Postgres server (embedded PGlite can't be shared by two processes).\n" +
        "Start one (CI: pg_ctlcluster <version> main start) or set DATABASE_URL=postgres://user@127.0.0.1:5432/postgres.",
    );
  }
  const name = `golive_soak_${hex(4)}`;
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const migrator = postgres(url.toString(), { max: 1, onnotice: () => {} });
  await migrate(drizzle(migrator), { migrationsFolder: path.resolve("drizzle") });
  await migrator.end();
  const sql = postgres(url.toString(), { max: 2, onnotice: () => {} });
  return {
    url: url.toString(),
    sql,
    drop: async () => {
      await sql.end({ timeout: 2 }).catch(() => {});
      await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}


// ---------------------------------------------------------------------------------------------
// App instances.

type Instance = { name: string; port: number; child: ChildProcess | null; output: string; starts: number };

/** This process's environment without anything that configures golive: the instances get exactly ours. */
function inheritedEnv(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(NODE_ENV|VITEST.*|TEST|DATABASE_URL|PGLITE_DIR|MUX_.*|LIVEKIT_.*|NEXT_PUBLIC_.*|BETTER_AUTH_.*|TRUSTED_ORIGINS|TRUSTED_PROXY_HEADER|LIVESTREAM_.*|RECONCILE_.*|PORT|SANDBOX_PORT|npm_.*)$/.test(key)) continue;
    out[key] = value;
  }
  return out;
}

function startInstance(instance: Instance, env: NodeJS.ProcessEnv): void {
  instance.starts += 1;
  instance.output += `\n--- ${instance.name} start #${instance.starts} ---\n`;
  const child = spawn(process.execPath, [path.resolve("node_modules/next/dist/bin/next"), "start", "-p", String(instance.port), "-H", "127.0.0.1"], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
    // Its own process group, so a kill reaches any worker it forks too.
    detached: true,
  });
  child.stdout?.on("data", (chunk: Buffer) => (instance.output += chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => (instance.output += chunk.toString()));
  instance.child = child;
}

function killInstance(instance: Instance, signal: NodeJS.Signals): Promise<void> {
  const child = instance.child;
  if (!child || child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  try {
    process.kill(-child.pid, signal);
  } catch {
    child.kill(signal);
  }
  return exited;
}

async function waitReady(instance: Instance, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const child = instance.child;
    if (child && child.exitCode !== null) throw new Error(`${instance.name} exited with ${child.exitCode}`);
    try {
      const response = await fetch(`http://127.0.0.1:${instance.port}/api/health`, { signal: AbortSignal.timeout(3_000) });
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(150);
  }
  throw new Error(`${instance.name} did not answer /api/health within ${timeoutMs} ms`);
}

// ---------------------------------------------------------------------------------------------
// Tallies.

const ops = new Map<string, Map<string, number>>();
const unexpected: string[] = [];
function tally(kind: string, outcome: string): void {
  const byOutcome = ops.get(kind) ?? new Map<string, number>();
  byOutcome.set(outcome, (byOutcome.get(outcome) ?? 0) + 1);
  ops.set(kind, byOutcome);
}
const faults = new Map<string, number>();
const countFault = (kind: string) => faults.set(kind, (faults.get(kind) ?? 0) + 1);
const events: string[] = [];
const t0 = Date.now();
const elapsed = () => `${((Date.now() - t0) / 1000).toFixed(1)}s`;

// Secrets the run handled: every one is looked for in every log at the end.
const secrets: Secret[] = [];
const addSecret = (kind: string, value: string | null | undefined) => {
  if (value) secrets.push({ kind, value });
};

// ---------------------------------------------------------------------------------------------
// HTTP through the proxy.

type Answer = { status: number; body: unknown } | { status: "timeout" | "network"; body: undefined };

async function call(base: string, method: string, route: string, options: { body?: unknown; headers?: Record<string, string>; timeoutMs?: number } = {}): Promise<Answer> {
  try {
    const response = await fetch(new URL(route, base), {
      method,
      headers: { ...(options.body !== undefined ? { "content-type": "application/json" } : {}), ...options.headers },
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 45_000),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON
    }
    return { status: response.status, body };
  } catch (error) {
    return { status: error instanceof Error && error.name === "TimeoutError" ? "timeout" : "network", body: undefined };
  }
}

const field = (body: unknown, key: string): unknown => (typeof body === "object" && body !== null && key in body ? (body as Record<string, unknown>)[key] : undefined);
const stringField = (body: unknown, key: string): string | undefined => {
  const value = field(body, key);
  return typeof value === "string" ? value : undefined;
};

/** Tallies an answer by kind and outcome; a 500 (or an `internal_error` anywhere) is a bug. */
function record(kind: string, answer: Answer): void {
  if (answer.status === "timeout" || answer.status === "network") return tally(kind, answer.status);
  const code = stringField(answer.body, "code");
  if (answer.status >= 200 && answer.status < 300) tally(kind, "2xx");
  else tally(kind, `${answer.status}${code ? ` ${code}` : ""}`);
  if (answer.status === 500 || code === "internal_error") {
    unexpected.push(`${elapsed()} ${kind} → ${answer.status} ${code ?? ""} ${JSON.stringify(answer.body).slice(0, 200)}`);
  }
}

// ---------------------------------------------------------------------------------------------
// The workload: one simulated person per room.

type User = { index: number; id: string; room: string; ip: string; cookie: string; base: string; live: { id: string; visibility: string } | null };

async function signUp(base: string, index: number): Promise<User> {
  const ip = `198.18.0.${index + 1}`;
  const email = `soak${index}-${hex(4)}@example.test`;
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(new URL("/api/auth/sign-up/email", base), {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, "x-forwarded-for": ip },
      body: JSON.stringify({ email, password: "correct horse battery", name: `Soak ${index}` }),
    });
    if (response.status === 200) {
      const { user } = (await response.json()) as { user: { id: string } };
      const pairs = response.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
      for (const pair of pairs) {
        const value = pair.slice(pair.indexOf("=") + 1);
        addSecret("session cookie", decodeURIComponent(value));
        addSecret("session cookie", value);
        addSecret("session token", decodeURIComponent(value).split(".")[0]);
      }
      return { index, id: user.id, room: `soak-room-${index}`, ip, cookie: pairs.join("; "), base, live: null };
    }
    if (attempt >= 5) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
    await sleep(500);
  }
}

const LAYOUTS = ["grid", "speaker", "single-speaker", "grid-light", "speaker-light", "single-speaker-light"] as const;
const QUALITIES = ["720p30", "720p60", "1080p30", "1080p60"] as const;

function destination(): Record<string, string> {
  const streamKey = `soak-${hex(10)}`;
  addSecret("destination key", streamKey);
  const type = pick(["youtube", "twitch", "custom"] as const);
  if (type === "custom") return { type, name: "Custom", customRtmpUrl: `rtmp://ingest-${between(1, 3)}.example.net/live`, streamKey };
  return { type, streamKey };
}

async function userLoop(user: User, sandbox: Sandbox, deadline: number): Promise<void> {
  const headers = () => ({ cookie: user.cookie, "x-forwarded-for": user.ip });
  const inRoom = { value: true };
  while (Date.now() < deadline) {
    await sleep(between(150, 1500));
    if (Date.now() >= deadline) break;
    const r = random();
    if (r < 0.12) {
      await race(user, sandbox, inRoom, headers());
      continue;
    }
    if (!user.live) {
      if (r < 0.5) await goLive(user, headers());
      else if (r < 0.7) await status(user, headers());
      else if (r < 0.8) record("list", await call(user.base, "GET", `/api/video/livestream?roomName=${encodeURIComponent(user.room)}&limit=5`, { headers: headers() }));
      else if (r < 0.9) await stop(user, headers());
      else await presence(user, sandbox, inRoom);
    } else {
      if (r < 0.18) await stop(user, headers());
      else if (r < 0.48) await status(user, headers());
      else if (r < 0.8) await patch(user, headers());
      else if (r < 0.86 && user.live.visibility === "private") await shareLink(user, headers());
      else if (r < 0.92) await goLive(user, headers()); // a second go-live in a live room: 409
      else await presence(user, sandbox, inRoom);
    }
  }
  if (!inRoom.value) sandbox.control.joinRoom(user.room, user.id);
}

/**
 * Two requests about one broadcast at once, as a double click, a second tab or a second
 * device sends them: each lands on either instance. Tallied as "race: …" kinds.
 */
async function race(user: User, sandbox: Sandbox, inRoom: { value: boolean }, headers: Record<string, string>): Promise<void> {
  const later = async (run: () => Promise<void>) => {
    await sleep(between(0, 400));
    await run();
  };
  const kind = user.live ? pick(["patch+stop", "patch+patch", "stop+stop", "go-live+stop"] as const) : pick(["go-live+stop", "go-live+go-live", "go-live+leave"] as const);
  tally("race", kind);
  switch (kind) {
    case "go-live+stop":
      await Promise.all([goLive(user, headers, "race: go-live"), later(() => stop(user, headers, "race: stop"))]);
      return;
    case "go-live+go-live":
      await Promise.all([goLive(user, headers, "race: go-live"), later(() => goLive(user, headers, "race: go-live"))]);
      return;
    case "go-live+leave":
      await Promise.all([
        goLive(user, headers, "race: go-live"),
        later(async () => {
          sandbox.control.leaveRoom(user.room, user.id);
          inRoom.value = false;
          await sleep(between(200, 1500));
          sandbox.control.joinRoom(user.room, user.id);
          inRoom.value = true;
        }),
      ]);
      return;
    case "patch+stop":
      await Promise.all([patch(user, headers, "race: "), later(() => stop(user, headers, "race: stop"))]);
      return;
    case "patch+patch":
      await Promise.all([patch(user, headers, "race: "), later(() => patch(user, headers, "race: "))]);
      return;
    case "stop+stop":
      await Promise.all([stop(user, headers, "race: stop"), later(() => stop(user, headers, "race: stop"))]);
      return;
  }
}

async function goLive(user: User, headers: Record<string, string>, label = "go-live"): Promise<void> {
  const body: Record<string, unknown> = { roomName: user.room };
  if (chance(0.4)) body.layout = pick(LAYOUTS);
  if (chance(0.3)) body.quality = pick(QUALITIES);
  if (chance(0.1)) body.orientation = "portrait";
  const visibility = chance(0.15) ? "private" : "public";
  if (visibility === "private") body.visibility = "private";
  if (chance(0.1)) body.captions = "en";
  else if (chance(0.08)) body.latencyMode = "low";
  if (chance(0.4)) body.additionalDestinations = Array.from({ length: between(1, 2) }, destination);
  // Half the go-lives carry an Idempotency-Key and retry once, as a careful client does after a timeout or a 502.
  const key = chance(0.5) ? `soak-${hex(8)}` : undefined;
  let answer = await call(user.base, "POST", "/api/video/livestream", { body, headers: { ...headers, ...(key ? { "idempotency-key": key } : {}) } });
  record(label, answer);
  if (key && (answer.status === "timeout" || answer.status === "network" || answer.status === 502)) {
    answer = await call(user.base, "POST", "/api/video/livestream", { body, headers: { ...headers, "idempotency-key": key } });
    record("go-live (retry, same key)", answer);
  }
  if (typeof answer.status === "number" && answer.status === 201) {
    const id = stringField(answer.body, "livestreamId");
    if (id) user.live = { id, visibility };
  } else if (answer.status === 409) {
    await status(user, headers);
  }
}

async function status(user: User, headers: Record<string, string>): Promise<unknown> {
  const answer = await call(user.base, "GET", `/api/video/livestream/status?roomName=${encodeURIComponent(user.room)}`, { headers });
  record("status", answer);
  if (typeof answer.status === "number" && answer.status === 200) {
    const state = stringField(answer.body, "status");
    const id = stringField(answer.body, "livestreamId");
    const visibility = stringField(answer.body, "visibility") ?? "public";
    user.live = id && (state === "starting" || state === "active" || state === "stopping") ? { id, visibility } : null;
    return answer.body;
  }
  if (answer.status === 404) user.live = null;
  return undefined;
}

async function stop(user: User, headers: Record<string, string>, label = "stop"): Promise<void> {
  const answer = await call(user.base, "DELETE", "/api/video/livestream", { body: { roomName: user.room }, headers });
  record(label, answer);
  if (typeof answer.status === "number" && (answer.status === 200 || answer.status === 404)) user.live = null;
}

async function patch(user: User, headers: Record<string, string>, prefix = ""): Promise<void> {
  if (!user.live) return;
  const body: Record<string, unknown> = { livestreamId: user.live.id };
  const r = random();
  if (r < 0.45) body.layout = pick(LAYOUTS);
  else if (r < 0.75) body.addDestinations = [destination()];
  else {
    const current = await status(user, headers);
    const destinations = field(current, "destinations");
    const removable = (Array.isArray(destinations) ? destinations : [])
      .filter((d) => stringField(d, "id") !== "mux" && !stringField(d, "removedAt") && stringField(d, "status") !== "finished")
      .map((d) => stringField(d, "id"))
      .filter((id): id is string => id !== undefined);
    if (!user.live) return;
    if (removable.length === 0) body.addDestinations = [destination()];
    else body.removeDestinations = [pick(removable)];
  }
  record(`${prefix}patch (${Object.keys(body).filter((k) => k !== "livestreamId").join("+")})`, await call(user.base, "PATCH", "/api/video/livestream", { body, headers }));
}

async function shareLink(user: User, headers: Record<string, string>): Promise<void> {
  if (!user.live) return;
  const answer = await call(user.base, "POST", "/api/video/livestream/share-links", { body: { livestreamId: user.live.id, expiresInHours: 1 }, headers });
  record("share-link", answer);
  const url = typeof answer.status === "number" ? stringField(answer.body, "url") : undefined;
  const token = url ? new URL(url, "http://x").searchParams.get("share") : null;
  addSecret("share token", token);
}

/** Leaves the room (the sandbox closes an empty room: its egress ends) or comes back. */
async function presence(user: User, sandbox: Sandbox, inRoom: { value: boolean }): Promise<void> {
  if (inRoom.value) {
    sandbox.control.leaveRoom(user.room, user.id);
    inRoom.value = false;
    tally("presence", "left");
    await sleep(between(300, 2500));
  }
  sandbox.control.joinRoom(user.room, user.id);
  inRoom.value = true;
  tally("presence", "joined");
}

// ---------------------------------------------------------------------------------------------
// Faults, injected all through the run.

const MUX_PATHS = [/^\/video\/v1\/live-streams$/, /^\/video\/v1\/live-streams\/[^/]+\/complete$/, /^\/video\/v1\/live-streams\/[^/]+$/, /.*/];
const LIVEKIT_RPCS = ["StartRoomCompositeEgress", "StopEgress", "UpdateStream", "UpdateLayout", "ListEgress", "ListParticipants", undefined] as const;
const MUX_EVENTS = ["video.live_stream.active", "video.asset.created", "video.asset.ready", "video.asset.live_stream_completed", "video.live_stream.idle", undefined] as const;
const LIVEKIT_EVENTS = ["egress_started", "egress_updated", "egress_ended", "participant_joined", "participant_left", "room_finished", undefined] as const;

function upstreamMatch(service: ServiceName): { path?: RegExp; rpc?: string } {
  if (service === "mux") return { path: pick(MUX_PATHS) };
  const rpc = pick(LIVEKIT_RPCS);
  return rpc ? { rpc } : {};
}

function injectOne(sandbox: Sandbox): void {
  const control = sandbox.control;
  const service: ServiceName = chance(0.5) ? "mux" : "livekit";
  const kind = pick(["5xx", "5xx", "delay", "lost answer", "drop", "late answer", "webhook", "webhook", "webhook", "release held", "output drop"] as const);
  const upstream = (action: FaultAction, label: string, times = between(1, 3)) => {
    control.fault({ service, match: upstreamMatch(service), times, action });
    countFault(`${service} ${label}`);
  };
  switch (kind) {
    case "5xx":
      if (service === "mux") upstream({ status: pick([500, 502, 503]), body: { error: { type: "internal_error", messages: ["soak"] } } }, "5xx");
      else upstream({ twirp: { code: pick(["unavailable", "internal"]), msg: "soak: injected" } }, "5xx");
      return;
    case "delay":
      return upstream({ delayMs: between(300, 4000) }, "delay");
    case "lost answer":
      return upstream({ dropAfterHandling: true }, "lost answer (dropAfterHandling)", 1);
    case "drop":
      return upstream({ drop: true }, "dropped request", 1);
    case "late answer":
      return upstream({ delayResponseMs: between(200, 3000) }, "late answer (delayResponseMs)", 1);
    case "webhook": {
      const hook = chance(0.5) ? "mux" : "livekit";
      const type = hook === "mux" ? pick(MUX_EVENTS) : pick(LIVEKIT_EVENTS);
      const action: WebhookFaultAction = pick(["drop", "duplicate", "duplicate", "hold", "hold", { delayMs: between(500, 5000) }] as const);
      control.webhookFault({ service: hook, ...(type ? { type } : {}), action, times: between(1, 2) });
      countFault(`${hook} webhook ${typeof action === "string" ? action : "delay"}`);
      return;
    }
    case "release held":
      void control.releaseHeld();
      countFault("held webhooks released (reordered)");
      return;
    case "output drop": {
      const running = control.egresses().filter((e) => e.status === "EGRESS_ACTIVE" && e.stream_results.some((s) => s.status === "ACTIVE"));
      if (running.length === 0) return;
      const egress = pick(running);
      const url = pick(egress.raw_urls);
      const host = new URL(url).hostname;
      const recover = chance(0.5) ? between(2_000, 20_000) : undefined;
      if (control.dropStreamUrl(egress.egress_id, host, "soak: output dropped", recover)) countFault(`output dropped (dropStreamUrl${recover ? ", recovers" : ""}${host.includes("mux") ? ", MUX" : ""})`);
      return;
    }
  }
}

async function faultLoop(sandbox: Sandbox, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    await sleep(between(400, 1500));
    if (Date.now() < deadline) injectOne(sandbox);
  }
}

/** Stream keys MUX knows now (streams may be deleted later: collected as the run goes). */
function collectStreamKeys(sandbox: Sandbox): void {
  for (const stream of sandbox.control.muxLiveStreams()) addSecret("MUX stream key", stream.stream_key);
}

// ---------------------------------------------------------------------------------------------
// The end: settle, reconcile until nothing is left to do.

type ReconcileReport = {
  examined: number;
  outOfTime: boolean;
  ended: unknown[];
  muxStreamsDeleted: unknown[];
  egressesStopped: unknown[];
  errors: number;
  pool?: { made: number; deleted: unknown[]; forgotten: number };
};

function parseReport(body: unknown): ReconcileReport | undefined {
  const list = (key: string) => {
    const value = field(body, key);
    return Array.isArray(value) ? (value as unknown[]) : [];
  };
  const num = (from: unknown, key: string) => {
    const value = field(from, key);
    return typeof value === "number" ? value : 0;
  };
  if (typeof body !== "object" || body === null) return undefined;
  const pool = field(body, "pool");
  return {
    examined: num(body, "examined"),
    outOfTime: field(body, "outOfTime") === true,
    ended: list("ended"),
    muxStreamsDeleted: list("muxStreamsDeleted"),
    egressesStopped: list("egressesStopped"),
    errors: num(body, "errors"),
    pool: pool === undefined ? undefined : { made: num(pool, "made"), deleted: Array.isArray(field(pool, "deleted")) ? (field(pool, "deleted") as unknown[]) : [], forgotten: num(pool, "forgotten") },
  };
}

const didSomething = (r: ReconcileReport) =>
  r.outOfTime || r.errors > 0 || r.ended.length + r.muxStreamsDeleted.length + r.egressesStopped.length > 0 || (r.pool !== undefined && r.pool.made + r.pool.deleted.length + r.pool.forgotten > 0);

/**
 * Reconcile takes only rows unchanged for 2 minutes (a start in flight is not a crash). The
 * workload has stopped and every answer is in, so nothing is in flight: moving the live rows'
 * `updated_at` back stands in for the two minutes a cron would wait.
 */
async function ageLiveRows(sql: postgres.Sql): Promise<void> {
  await sql`update livestreams set updated_at = updated_at - interval '10 minutes' where status in ('starting', 'active', 'stopping')`;
}

async function settle(sandbox: Sandbox): Promise<void> {
  await sandbox.control.settle();
  // Sandbox time, not wall time: reconnect windows (60 s), `complete`'s 60 s close and a
  // dropped output's 30 s run out, and webhook retries go out.
  await sandbox.control.advance(120_000);
  await sandbox.control.settle();
}

// ---------------------------------------------------------------------------------------------
// Evidence for a failed invariant: the row, and every upstream call and webhook that names its
// egress, MUX stream or id, in order — what an investigation starts from. Secrets are masked.

async function writeEvidence(file: string, results: InvariantResult[], sql: postgres.Sql, sandbox: Sandbox, startedAt: number): Promise<void> {
  const ids = new Set<string>();
  for (const r of results) for (const v of r.violations) for (const m of v.matchAll(/row ([0-9a-f-]{36})/g)) if (m[1]) ids.add(m[1]);
  const mask = (text: string) => secrets.reduce((out, secret) => (secret.value.length >= 8 ? out.split(secret.value).join("[secret]") : out), text);
  const sandboxStart = sandbox.control.now() - (Date.now() - startedAt);
  const at = (ms: number) => `${((ms - sandboxStart) / 1000).toFixed(2)}s`;
  const lines: string[] = [];
  for (const id of ids) {
    const [row] = await sql<{ row: unknown }[]>`select to_jsonb(l) - 'destination_urls_sealed' as row from livestreams l where id = ${id}`;
    lines.push(`=== row ${id}`, JSON.stringify(row?.row, null, 1));
    const egressId = stringField(row?.row, "egress_id");
    const streamId = stringField(row?.row, "mux_live_stream_id");
    const names = [id, egressId, streamId].filter((x): x is string => Boolean(x));
    if (egressId) lines.push(`--- egress now: ${JSON.stringify({ ...sandbox.control.egress(egressId), raw_urls: undefined })}`);
    if (streamId) {
      const stream = sandbox.control.muxLiveStream(streamId);
      lines.push(`--- MUX stream now: ${JSON.stringify(stream ? { status: stream.status, passthrough: stream.passthrough, active_asset_id: stream.active_asset_id, recent_asset_ids: stream.recent_asset_ids } : "deleted")}`);
    }
    lines.push("--- upstream calls naming it (sandbox time since the run started):");
    for (const request of sandbox.control.requests()) {
      const text = `${request.path} ${JSON.stringify(request.body ?? "")}`;
      if (names.some((name) => text.includes(name))) {
        lines.push(`  ${at(request.at)} ${request.service} ${request.method} ${request.rpc ?? request.path} → ${request.status}${request.faultId ? ` (fault ${request.faultId})` : ""}`);
      }
    }
    lines.push("--- webhooks naming it:");
    for (const hook of sandbox.control.webhooksSent()) {
      if (names.some((name) => hook.body.includes(name))) {
        lines.push(`  ${at(hook.createdAt)} ${hook.service} ${hook.type} ${hook.state}${hook.duplicate ? " (duplicate)" : ""} attempts ${hook.attempts.map((a) => `${at(a.at)}:${a.status}`).join(",")}`);
      }
    }
  }
  writeFileSync(file, mask(lines.join("\n")));
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<number> {
  const serverUrl = databaseServer();
  const database = await freshDatabase(serverUrl);
  const logDir = mkdtempSync(path.join(os.tmpdir(), "golive-soak-"));
  const ports = [await freePort(), await freePort()];
  const proxy = await startRoundRobinProxy(ports);
  const livekitCap = Math.max(2, USERS - 2);
  const sandbox = await startSandbox({
    appUrl: proxy.url,
    viewerCounts: true,
    egressStartDelayMs: 300,
    port: 0,
    rateLimits: { mux: true, livekitMaxConcurrentEgress: livekitCap },
  });
  const secret = (prefix: string) => `${prefix}-${hex(20)}`;
  const shared = {
    BETTER_AUTH_SECRET: secret("soak-auth"),
    LIVESTREAM_ENCRYPTION_KEY: secret("soak-encryption"),
    RECONCILE_SECRET: secret("soak-reconcile"),
  };
  addSecret("LIVESTREAM_ENCRYPTION_KEY", shared.LIVESTREAM_ENCRYPTION_KEY);
  addSecret("BETTER_AUTH_SECRET", shared.BETTER_AUTH_SECRET);
  addSecret("RECONCILE_SECRET", shared.RECONCILE_SECRET);
  addSecret("MUX token secret", sandbox.credentials.mux.tokenSecret);
  addSecret("LiveKit API secret", sandbox.credentials.livekit.apiSecret);
  const env: NodeJS.ProcessEnv = {
    ...inheritedEnv(),
    ...sandbox.appEnv(),
    ...shared,
    DATABASE_URL: database.url,
    BETTER_AUTH_URL: proxy.url,
    // The simulated users say who they are in x-forwarded-for, as the proxy in front would.
    TRUSTED_PROXY_HEADER: "x-forwarded-for",
    MUX_STREAM_POOL_SIZE: "3",
    // Each instance also reconciles on a schedule (one at a time, by lease), as a long-running
    // deployment does: its orphan scan and pool upkeep then run beside the go-lives.
    RECONCILE_INTERVAL_SECONDS: "15",
    NEXT_TELEMETRY_DISABLED: "1",
    NODE_ENV: "production",
  };
  const instances: Instance[] = ports.map((port, i) => ({ name: `instance ${String.fromCharCode(65 + i)} (:${port})`, port, child: null, output: "", starts: 0 }));

  say(`golive soak — ${SECONDS} s, ${USERS} users/rooms, 2 × next start behind a round-robin proxy, seed ${runSeed}`);
  say(`  database: fresh ${new URL(database.url).pathname.slice(1)} on ${new URL(serverUrl).host}; sandbox: MUX rate limits on, LiveKit cap ${livekitCap} egresses; pool size 3; scheduled reconcile every 15 s`);
  let exitCode = 1;
  const collector = setInterval(() => collectStreamKeys(sandbox), 500);
  try {
    for (const instance of instances) startInstance(instance, env);
    await Promise.all(instances.map((instance) => waitReady(instance)));
    events.push(`${elapsed()} both instances ready`);

    const users: User[] = [];
    for (let i = 0; i < USERS; i++) users.push(await signUp(proxy.url, i));
    for (const user of users) sandbox.control.joinRoom(user.room, user.id);
    await sandbox.control.settle();
    events.push(`${elapsed()} ${USERS} users signed up, each in their own room`);

    const start = Date.now();
    const deadline = start + SECONDS * 1000;
    const victim = instances[1];
    if (!victim) throw new Error("no second instance");
    const chaos = (async () => {
      await sleep(Math.floor(SECONDS * 1000 * 0.4));
      await killInstance(victim, "SIGKILL");
      events.push(`${elapsed()} SIGKILL ${victim.name}`);
      await sleep(between(3_000, 6_000));
      startInstance(victim, env);
      events.push(`${elapsed()} restarting ${victim.name} on the same port`);
      await waitReady(victim);
      events.push(`${elapsed()} ${victim.name} answers again`);
    })();
    await Promise.all([...users.map((user) => userLoop(user, sandbox, deadline)), faultLoop(sandbox, deadline), chaos]);
    events.push(`${elapsed()} workload stopped`);

    // The end: no more faults, held webhooks out, the sandbox quiet.
    sandbox.control.clearFaults();
    await sandbox.control.releaseHeld();
    // Upstream delays injected just before the end (≤ 4 s) finish first.
    await sleep(5_000);
    await settle(sandbox);
    collectStreamKeys(sandbox);

    const runs: string[] = [];
    for (let run = 1; run <= 5; run++) {
      await ageLiveRows(database.sql);
      const answer = await call(proxy.url, "POST", "/api/video/livestream/reconcile", { headers: { authorization: `Bearer ${shared.RECONCILE_SECRET}` }, timeoutMs: 120_000 });
      record("reconcile", answer);
      const report = typeof answer.status === "number" && answer.status === 200 ? parseReport(answer.body) : undefined;
      await settle(sandbox);
      if (!report) {
        runs.push(`run ${run}: ${answer.status}`);
        continue;
      }
      runs.push(
        `run ${run}: examined ${report.examined}, ended ${report.ended.length}, MUX streams deleted ${report.muxStreamsDeleted.length}, egresses stopped ${report.egressesStopped.length}, errors ${report.errors}` +
          (report.pool ? `, pool made ${report.pool.made} deleted ${report.pool.deleted.length} forgotten ${report.pool.forgotten}` : ""),
      );
      if (!didSomething(report)) break;
    }
    collectStreamKeys(sandbox);
    // A pool refill an instance started after a claim may still be waiting for its POST slot
    // (it gives up after 30 s): its stream is not the pool's until the slot names it.
    for (let waited = 0; waited < 40_000; waited += 500) {
      const [{ creating } = { creating: 0 }] = await database.sql<{ creating: number }[]>`select count(*)::int as creating from mux_stream_pool where state = 'creating'`;
      if (creating === 0) break;
      await sleep(500);
    }
    await sandbox.control.settle();

    // Snapshot and checks.
    const rows = await database.sql<
      { id: string; status: string; room_name: string; egress_id: string | null; mux_live_stream_id: string | null; mux_asset_id: string | null; mux_stream_key: string | null; sealed: boolean }[]
    >`select id, status, room_name, egress_id, mux_live_stream_id, mux_asset_id, mux_stream_key, destination_urls_sealed is not null as sealed from livestreams`;
    for (const row of rows) addSecret("MUX stream key", row.mux_stream_key);
    const slots = await database.sql<{ id: string; state: string; mux_live_stream_id: string | null; mux_stream_key: string | null }[]>`select id, state, mux_live_stream_id, mux_stream_key from mux_stream_pool`;
    for (const slot of slots) addSecret("MUX stream key", slot.mux_stream_key);
    const snapshot: SoakSnapshot = {
      rows: rows.map((r) => ({ id: r.id, status: r.status, roomName: r.room_name, egressId: r.egress_id, muxLiveStreamId: r.mux_live_stream_id, muxAssetId: r.mux_asset_id, sealedUrls: r.sealed })),
      poolSlots: slots.map((s) => ({ id: s.id, state: s.state, muxLiveStreamId: s.mux_live_stream_id })),
      egresses: sandbox.control.egresses(),
      streams: sandbox.control.muxLiveStreams(),
      assets: sandbox.control.muxAssets(),
    };
    const stateResults = checkState(snapshot);

    // Summary first (it is part of the output the secrets check reads).
    say();
    say("timeline:");
    for (const event of events) say(`  ${event}`);
    say();
    say("operations (kind: outcome × count):");
    for (const [kind, byOutcome] of [...ops.entries()].sort(([a], [b]) => a.localeCompare(b))) {
      const total = [...byOutcome.values()].reduce((a, b) => a + b, 0);
      say(`  ${kind.padEnd(34)} ${String(total).padStart(5)}  ${[...byOutcome.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([o, n]) => `${o} ×${n}`).join(", ")}`);
    }
    say();
    say(`faults injected (${[...faults.values()].reduce((a, b) => a + b, 0)}):`);
    for (const [kind, n] of [...faults.entries()].sort(([a], [b]) => a.localeCompare(b))) say(`  ${kind.padEnd(52)} ${n}`);
    const webhooks = sandbox.control.webhooksSent();
    const byState = new Map<string, number>();
    for (const hook of webhooks) byState.set(hook.state, (byState.get(hook.state) ?? 0) + 1);
    say(`  webhooks sent: ${webhooks.length} (${[...byState.entries()].map(([s, n]) => `${s} ${n}`).join(", ")}; duplicates ${webhooks.filter((w) => w.duplicate).length})`);
    say(`  upstream calls answered 429 by the sandbox's rate limits: ${sandbox.control.requests().filter((r) => r.status === 429).length}`);
    say(`  proxy: ${proxy.stats.forwarded} forwarded, ${proxy.stats.refusedThenRetried} refused then sent to the other instance, ${proxy.stats.failed502} answered 502`);
    say();
    say("reconcile:");
    for (const run of runs) say(`  ${run}`);
    const statuses = new Map<string, number>();
    for (const row of rows) statuses.set(row.status, (statuses.get(row.status) ?? 0) + 1);
    say(`  rows: ${rows.length} (${[...statuses.entries()].sort().map(([s, n]) => `${s} ${n}`).join(", ")}); egresses ${snapshot.egresses.length}; MUX streams ${snapshot.streams.length}; assets ${snapshot.assets.length}; pool slots ${slots.length}`);

    for (const instance of instances) await killInstance(instance, "SIGTERM");
    const logs = [
      ...instances.map((instance) => ({ name: instance.name, text: instance.output })),
      { name: "soak output", text: printed.join("\n") },
    ];
    for (const instance of instances) writeFileSync(path.join(logDir, `${instance.name.split(" ")[1] ?? "x"}.log`), instance.output);
    const results: InvariantResult[] = [...stateResults, checkLogs(logs, secrets)].sort((a, b) => Number.parseInt(a.name, 10) - Number.parseInt(b.name, 10));
    const noServerErrors: InvariantResult = { name: "no 500 internal_error from the app", pass: unexpected.length === 0, checked: [...ops.values()].reduce((a, m) => a + [...m.values()].reduce((x, y) => x + y, 0), 0), violations: unexpected };

    say();
    say("invariants:");
    for (const r of [...results, noServerErrors]) {
      say(`  ${r.pass ? "PASS" : "FAIL"}  ${r.name} (${r.checked} checked, ${r.violations.length} violations)`);
      for (const v of r.violations.slice(0, 20)) say(`          ${v}`);
      if (r.violations.length > 20) say(`          … and ${r.violations.length - 20} more`);
    }
    const passed = [...results, noServerErrors].every((r) => r.pass);
    say();
    if (!passed) {
      await writeEvidence(path.join(logDir, "evidence.txt"), results, database.sql, sandbox, t0);
      say(`evidence (rows, upstream calls and webhooks of each violation, secrets masked): ${path.join(logDir, "evidence.txt")}`);
    }
    say(`instance logs: ${logDir}`);
    say(passed ? "soak: PASS" : "soak: FAIL");
    exitCode = passed ? 0 : 1;
  } finally {
    clearInterval(collector);
    for (const instance of instances) await killInstance(instance, "SIGKILL");
    await sandbox.close().catch(() => {});
    await proxy.close();
    if (args["keep-db"]) say(`database kept: ${database.url}`);
    else await database.drop().catch(() => {});
  }
  return exitCode;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`soak: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
