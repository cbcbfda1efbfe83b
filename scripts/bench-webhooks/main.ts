// `npm run bench:webhooks`: how many signed webhook events one app instance applies per second.
// The app's route handlers run in a process of their own (scripts/lib/harness/serve-routes.ts) on
// the bench database; this process sends a bounded loopback load of signed LiveKit presence and
// MUX events, 16 at a time, and times three phases: a bad signature (401: HTTP and verification,
// no database: the baseline), new events, and the same events again (replays). docs/benchmarks.md.
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { benchDatabase, benchDatabaseName } from "../lib/bench-database";
import { livekitPresenceEvent, muxEvent, type SignedEvent } from "./events";

const EVENTS = Number(process.argv.find((a) => a.startsWith("--events="))?.slice(9) ?? 3000);
const CONCURRENCY = 16;
const PHASE_LIMIT_MS = 60_000;

const secrets = { livekitKey: `APIbench${randomBytes(4).toString("hex")}`, livekitSecret: randomBytes(24).toString("hex"), mux: randomBytes(24).toString("hex") };

async function startApp(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=react-server", "scripts/lib/harness/serve-routes.ts"], {
    env: {
      ...process.env,
      ...env,
      NODE_ENV: "test",
      BETTER_AUTH_SECRET: randomBytes(24).toString("hex"),
      LIVEKIT_API_KEY: secrets.livekitKey,
      LIVEKIT_API_SECRET: secrets.livekitSecret,
      // A string only: webhooks need the key and secret, and nothing here calls LiveKit.
      NEXT_PUBLIC_LIVEKIT_URL: "ws://127.0.0.1:9",
      MUX_WEBHOOK_SECRET: secrets.mux,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.once("data", (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once("exit", (code) => reject(new Error(`the app exited with ${code}`)));
  });
  return { url, child };
}

/** Sends every event, CONCURRENCY at a time, within PHASE_LIMIT_MS; events per second and the statuses seen. */
async function phase(url: string, events: readonly SignedEvent[], expected: number): Promise<{ perSecond: number; sent: number }> {
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < events.length && performance.now() - started < PHASE_LIMIT_MS) {
      const event = events[next++];
      if (!event) return;
      const response = await fetch(`${url}${event.path}`, { method: "POST", headers: event.headers, body: event.body });
      await response.arrayBuffer();
      if (response.status !== expected) throw new Error(`${event.path}: ${response.status}, expected ${expected}`);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  return { perSecond: Math.min(next, events.length) / seconds, sent: Math.min(next, events.length) };
}

const database = await benchDatabase();
const { url, child } = await startApp(database.env);
try {
  // Four presence events for each MUX one: joins and leaves are most of a fleet's webhooks.
  const make = (i: number) => (i % 5 === 4 ? muxEvent(i, secrets.mux) : livekitPresenceEvent(i, secrets.livekitKey, secrets.livekitSecret));
  const events = await Promise.all(Array.from({ length: EVENTS }, (_, i) => make(i)));
  const forged = events.map((e) => ({ ...e, headers: { ...e.headers, authorization: "forged", "mux-signature": "t=1,v1=00" } }));
  await phase(url, events.slice(0, 50).map((e) => ({ ...e, body: e.body })), 200); // warm-up: compiles and connects
  const baseline = await phase(url, forged, 401);
  const fresh = await phase(url, events.slice(50), 200);
  const replays = await phase(url, events.slice(50), 200);
  const load = (await import("node:os")).loadavg()[0]?.toFixed(2);
  console.log(`\nWebhooks on ${benchDatabaseName()}: ${EVENTS} signed events (4 LiveKit presence : 1 MUX), ${CONCURRENCY} at a time, load ${load}`);
  console.log(`| phase | events | events/s | × the 401 baseline |`);
  console.log(`|---|---|---|---|`);
  for (const [name, r] of [["bad signature (401, no database)", baseline], ["new events", fresh], ["replays (seen before)", replays]] as const) {
    console.log(`| ${name} | ${r.sent} | ${r.perSecond.toFixed(0)} | ${(r.perSecond / baseline.perSecond).toFixed(2)} |`);
  }
} finally {
  child.kill("SIGTERM");
  await new Promise((resolve) => child.once("exit", resolve));
  await database.drop();
}
