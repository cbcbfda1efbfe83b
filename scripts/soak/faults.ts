// Faults through the soak: one sandbox fault every so often (5xx, delays, lost answers, webhook
// drops/duplicates/holds, dropped outputs) and one instance SIGKILLed and restarted. docs/benchmarks.md, "Soak".
import type { FaultAction, Sandbox, ServiceName, WebhookFaultAction } from "@golive/sandbox";
import { type Instance, killInstance, startInstance, waitReady } from "./instances";
import { between, chance, pick, SECONDS, sleep } from "./options";
import { countFault, elapsed, events } from "./tally";

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

export async function faultLoop(sandbox: Sandbox, deadline: number): Promise<void> {
  while (Date.now() < deadline) {
    await sleep(between(400, 1500));
    if (Date.now() < deadline) injectOne(sandbox);
  }
}

/** At 40 % of the run, `victim` is SIGKILLed, then restarted on its port 3–6 s later. */
export async function killAndRestart(victim: Instance, env: NodeJS.ProcessEnv): Promise<void> {
  await sleep(Math.floor(SECONDS * 1000 * 0.4));
  await killInstance(victim, "SIGKILL");
  events.push(`${elapsed()} SIGKILL ${victim.name}`);
  await sleep(between(3_000, 6_000));
  startInstance(victim, env);
  events.push(`${elapsed()} restarting ${victim.name} on the same port`);
  await waitReady(victim);
  events.push(`${elapsed()} ${victim.name} answers again`);
}
