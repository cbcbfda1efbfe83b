import "server-only";
// Repairing live rows stuck by a start or stop that died, or by a lost egress event: leased a
// page at a time, each row once per run (docs/architecture.md, "Reconcile at fleet scale").
import { and, eq, inArray, isNull, lt, or, sql } from "drizzle-orm";
import { EgressStatus } from "livekit-server-sdk";
import { anyOf, getDb, type Livestream, type LivestreamStatus, livestreams, liveStatuses } from "../db";
import { applyEgressUpdate, failUnreadyStart, isEgressEnded, isFinal, stopUnlinkedEgress, transition } from "../livestream";
import { egressUpdateFrom, findEgress, liveStreamStatus, logUpstream, stopEgress } from "../upstream";
import { completeMux, deleteMux } from "./mux-calls";
import type { Run } from "./run";

const LEASE_MS = 60_000;

export async function settleDueRows(run: Run, olderThanMs: number, limit: number, maxPages: number): Promise<void> {
  const { report } = run;
  for (let page = 0; page < maxPages; page++) {
    if (Date.now() >= run.deadline) {
      report.outOfTime = true;
      return;
    }
    const rows = await leaseDueRows(run.startedAt, olderThanMs, limit);
    if (rows.length === 0) return;
    report.pages += 1;
    // Most rows are healthy: live, their egress running in the snapshot. They need no call and
    // no change, so the whole page of them is marked checked in one statement; only suspects get
    // a row's work (docs/architecture.md, "Reconcile at fleet scale").
    const healthy = rows.filter((row) => isHealthy(row, run));
    if (healthy.length > 0) {
      report.examined += healthy.length;
      await releaseChecked(healthy.map((row) => row.id));
    }
    for (const row of rows.filter((r) => !isHealthy(r, run))) {
      if (Date.now() >= run.deadline) {
        // Not reached: released unchecked, so it is among the first next run.
        report.outOfTime = true;
        await release(row.id, false);
        continue;
      }
      report.examined += 1;
      try {
        await settleRow(row, run);
      } catch (error) {
        report.errors += 1;
        logUpstream("reconcile", `could not settle livestream ${row.id}`, error);
      } finally {
        // Checked even when it failed: a row that keeps failing must not hold the front.
        // Leased while live, so a final status now is an end this settling brought about.
        const status = await release(row.id, true);
        if (status && isFinal(status)) report.ended.push({ id: row.id, status });
      }
    }
    if (rows.length < limit) return;
  }
}

/**
 * Leases the next page of due rows: live, unchanged for `olderThanMs`, not leased by another
 * run, not yet checked by this run; least recently checked first (never-checked first), then
 * the longest unchanged.
 */
async function leaseDueRows(runStartedAt: Date, olderThanMs: number, limit: number): Promise<Livestream[]> {
  const db = await getDb();
  const now = new Date();
  const due = db
    .select({ id: livestreams.id })
    .from(livestreams)
    .where(
      and(
        inArray(livestreams.status, [...liveStatuses]),
        lt(livestreams.updatedAt, new Date(now.getTime() - olderThanMs)),
        or(isNull(livestreams.reconcileLeaseUntil), lt(livestreams.reconcileLeaseUntil, now)),
        or(isNull(livestreams.reconcileCheckedAt), lt(livestreams.reconcileCheckedAt, runStartedAt)),
      ),
    )
    .orderBy(sql`${livestreams.reconcileCheckedAt} asc nulls first`, livestreams.updatedAt, livestreams.id)
    .limit(limit)
    .for("update", { skipLocked: true });
  return db
    .update(livestreams)
    .set({ reconcileLeaseUntil: new Date(now.getTime() + LEASE_MS) })
    .where(inArray(livestreams.id, due))
    .returning();
}

/** `active` with its egress running (not ending) in the snapshot: what settleRow would leave as it is. */
function isHealthy(row: Livestream, run: Run): boolean {
  const snapshot = row.egressId ? run.running.get(row.egressId) : undefined;
  return row.status === "active" && snapshot !== undefined && !isEgressEnded(snapshot.status);
}

/** Gives up the leases of rows that needed nothing, marking them checked: one statement, ids as one array parameter. */
async function releaseChecked(ids: readonly string[]): Promise<void> {
  const db = await getDb();
  await db
    .update(livestreams)
    .set({ reconcileLeaseUntil: null, reconcileCheckedAt: new Date() })
    .where(anyOf(livestreams.id, ids, "uuid"));
}

/** Gives the lease up; answers the row's status as it is now (the one read after settling it). */
async function release(id: string, checked: boolean): Promise<LivestreamStatus | undefined> {
  const db = await getDb();
  const [row] = await db
    .update(livestreams)
    .set({ reconcileLeaseUntil: null, ...(checked ? { reconcileCheckedAt: new Date() } : {}) })
    .where(eq(livestreams.id, id))
    .returning({ status: livestreams.status });
  return row?.status;
}

/** A stop that died is completed; a start that died is failed. */
async function finish(row: Livestream): Promise<void> {
  if (row.status === "stopping") await transition({ id: row.id }, { to: "completed" }, { from: ["stopping"] });
  else await transition({ id: row.id }, { to: "failed", reason: "Going live was interrupted before the broadcast started; it was cleaned up." }, { from: ["starting", "active"] });
}

async function settleRow(row: Livestream, run: Run): Promise<void> {
  const { report } = run;
  if (row.egressId) return settleWithEgress(row, row.egressId, run);

  // A start (or a stop of a start) died before the egress was recorded.
  const stray = row.muxStreamKey ? await stopUnlinkedEgress(row.roomName, row.muxStreamKey, [...run.running.values()]) : undefined;
  if (stray) report.egressesStopped.push(stray);
  if (row.status === "stopping") {
    await completeMux(row.muxLiveStreamId, run);
    return finish(row);
  }
  if (row.muxLiveStreamId) await deleteMux(row.muxLiveStreamId, run.mux, report);
  await finish(row);
}

async function settleWithEgress(row: Livestream, egressId: string, run: Run): Promise<void> {
  const { report } = run;
  // Running per the snapshot; not in it means it ended (or LiveKit forgot it): only then is
  // LiveKit asked about this egress, and only to learn how it ended.
  const snapshot = run.running.get(egressId);

  if (row.status === "stopping") {
    // A stop died midway: finish it.
    if (snapshot) {
      await stopEgress(egressId);
      report.egressesStopped.push(egressId);
    }
    await completeMux(row.muxLiveStreamId, run);
    return finish(row);
  }

  const info = snapshot ?? (await findEgress(egressId));
  if (!info || isEgressEnded(info.status)) {
    // The egress ended and we missed the event: handle it as the webhook would have (which
    // completes the MUX stream). Its error text is redacted by applyEgressUpdate, like a webhook's.
    await run.mux();
    await applyEgressUpdate(
      info ? egressUpdateFrom(info) : { egressId, roomName: row.roomName, status: EgressStatus.EGRESS_FAILED, error: "LiveKit no longer knows this egress.", streams: [] },
    );
    return;
  }

  // Still starting past its template's deadline: the page never signalled (docs/architecture.md, "The composite template").
  if (await failUnreadyStart(row, info.status)) {
    report.egressesStopped.push(egressId);
    return;
  }
  // Still running. A missed `video.live_stream.active` is repaired from MUX's own status.
  if (row.status === "starting" && row.muxLiveStreamId) {
    await run.mux();
    if ((await liveStreamStatus(row.muxLiveStreamId)) === "active") await transition({ id: row.id }, { to: "active" });
  }
}
