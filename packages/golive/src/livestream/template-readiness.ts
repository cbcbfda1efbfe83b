import "server-only";
// A start with golive's composite template whose page never signalled START_RECORDING: LiveKit
// would keep its egress starting, so by `template_ready_by` golive fails the start with a sentence
// and stops the egress, which LiveKit then ends ABORTED (docs/architecture.md, "The composite
// template"; tests/integration/template-readiness.test.ts). Checked where a start is looked at:
// status reads and reconcile.
import { EgressStatus } from "livekit-server-sdk";
import { goliveNow, templateReadySeconds } from "../config";
import type { Livestream } from "../db";
import { broadcastSecrets } from "../destinations";
import { deleteLiveStream, findEgress, logUpstream, stopEgress } from "../upstream";
import { transition, updateWhileIn } from "./status";

/** The sentence a person reads on the failed broadcast. */
export const templateNeverReady = (seconds: number) =>
  `The broadcast's picture never came up: the studio template did not start within ${seconds} seconds, so going live was cancelled and nothing was streamed. Try again; if it keeps happening, check that LiveKit's egress can open this app's template page.`;

/** Whether the row is a templated start past its deadline (no upstream call). */
export const isPastTemplateDeadline = (row: Pick<Livestream, "status" | "egressId" | "templateReadyBy">, now: Date = goliveNow()): boolean =>
  row.status === "starting" && row.egressId !== null && row.templateReadyBy !== null && now.getTime() >= row.templateReadyBy.getTime();

/**
 * Fails `row` if its template is past its deadline and the egress is still starting
 * (`egressStatus` when the caller already knows it, else LiveKit is asked). An egress that is
 * running clears the deadline: the page did signal. Resolves whether it failed the row.
 */
export async function failUnreadyStart(row: Livestream, egressStatus?: EgressStatus): Promise<boolean> {
  if (!isPastTemplateDeadline(row) || !row.egressId) return false;
  const egressId = row.egressId;
  const status = egressStatus ?? (await findEgress(egressId))?.status;
  // Gone or ended: the egress's own events (or reconcile) say how it ended.
  if (status === undefined || (status !== EgressStatus.EGRESS_STARTING && status !== EgressStatus.EGRESS_ACTIVE)) return false;
  if (status === EgressStatus.EGRESS_ACTIVE) {
    await updateWhileIn(row.id, ["starting"], { templateReadyBy: null });
    return false;
  }
  const secrets = broadcastSecrets([row]).keys;
  const failed = await transition({ id: row.id }, { to: "failed", reason: templateNeverReady(templateReadySeconds()), secrets }, { from: ["starting"] });
  if (!failed) return false;
  // Left to reconcile if these fail: an egress with no live row is stopped, a MUX stream deleted.
  await stopEgress(egressId).catch((error: unknown) => logUpstream("LiveKit", `could not stop egress ${egressId} whose template never started`, error, secrets));
  if (row.muxLiveStreamId) {
    const muxLiveStreamId = row.muxLiveStreamId;
    await deleteLiveStream(muxLiveStreamId).catch((error: unknown) => logUpstream("MUX", `could not delete live stream ${muxLiveStreamId} of a start that never began`, error, secrets));
  }
  return true;
}
