// What a soak run prints at the end: its timeline, operations, faults and reconcile runs, then
// each invariant PASS/FAIL, and on a failure the evidence file. docs/benchmarks.md, "Soak".
import { writeFileSync } from "node:fs";
import path from "node:path";
import type postgres from "postgres";
import type { Sandbox } from "@golive/sandbox";
import { stringField } from "./http";
import { checkLogs, type InvariantResult, type Log, type SoakSnapshot } from "./invariants";
import type { ProxyStats } from "./round-robin-proxy";
import { events, faults, ops, say, secrets, t0, unexpected } from "./tally";

/** The summary, printed first: it is part of the output the secrets check reads. */
export function printSummary(sandbox: Sandbox, proxy: ProxyStats, runs: string[], snapshot: SoakSnapshot): void {
  const { rows } = snapshot;
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
  say(`  proxy: ${proxy.forwarded} forwarded, ${proxy.refusedThenRetried} refused then sent to the other instance, ${proxy.failed502} answered 502`);
  say();
  say("reconcile:");
  for (const run of runs) say(`  ${run}`);
  const statuses = new Map<string, number>();
  for (const row of rows) statuses.set(row.status, (statuses.get(row.status) ?? 0) + 1);
  say(`  rows: ${rows.length} (${[...statuses.entries()].sort().map(([s, n]) => `${s} ${n}`).join(", ")}); egresses ${snapshot.egresses.length}; MUX streams ${snapshot.streams.length}; assets ${snapshot.assets.length}; pool slots ${snapshot.poolSlots.length}`);
}

/** Prints each invariant over the snapshot's results and the logs; on a failure writes the evidence. True when all hold. */
export async function printInvariants(stateResults: InvariantResult[], logs: Log[], logDir: string, sql: postgres.Sql, sandbox: Sandbox): Promise<boolean> {
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
    await writeEvidence(path.join(logDir, "evidence.txt"), results, sql, sandbox, t0);
    say(`evidence (rows, upstream calls and webhooks of each violation, secrets masked): ${path.join(logDir, "evidence.txt")}`);
  }
  say(`instance logs: ${logDir}`);
  say(passed ? "soak: PASS" : "soak: FAIL");
  return passed;
}

/**
 * Evidence for a failed invariant: the row, and every upstream call and webhook that names its
 * egress, MUX stream or id, in order — what an investigation starts from. Secrets are masked.
 */

async function writeEvidence(file: string, results: InvariantResult[], sql: postgres.Sql, sandbox: Sandbox, startedAt: number): Promise<void> {
  const ids = new Set<string>();
  for (const r of results) for (const v of r.violations) for (const m of v.matchAll(/row ([0-9a-f-]{36})/g)) if (m[1]) ids.add(m[1]);
  const mask = (text: string) => secrets.reduce((out, secret) => (secret.value.length >= 8 ? out.split(secret.value).join("[secret]") : out), text);
  const sandboxStart = sandbox.control.now() - (Date.now() - startedAt);
  const at = (ms: number) => `${((ms - sandboxStart) / 1000).toFixed(2)}s`;
  const lines: string[] = [];
  for (const id of ids) {
    const [row] = await sql<{ row: unknown }[]>`select to_jsonb(l) - 'destination_urls_sealed' as row from golive.livestreams l where id = ${id}`;
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
