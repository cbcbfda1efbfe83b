// bench:scale (a): reconcile with 1,000 live broadcasts (`--fleet=N`) and one start that crashed after its MUX
// create: runs until the crash is repaired, cold and steady. docs/benchmarks.md, "Fleet scale".
import { randomUUID } from "node:crypto";
import { and, eq, inArray, sql } from "drizzle-orm";
import { timed } from "../lib/measure";
import { callsByMethod } from "./calls";
import { type BenchScale, ms, RECONCILE_SECRET } from "./context";

/** Live broadcasts seeded: `--fleet=N` (default 1,000). */
const FLEET = Number(process.argv.find((a) => a.startsWith("--fleet="))?.slice(8) ?? 1_000);

export async function reconcileSection({ app, control, user, db, table }: BenchScale): Promise<void> {
  const { livestreams } = await import("@golive/next/db");
  const { startLivestream } = await import("@golive/next/livestream");
  const { createLiveStream } = await import("@golive/next/upstream");
  control.reset();
  // Seeding: real go-lives through the app's own code, in process (the POST pace opened up,
  // webhooks held back so seeding doesn't wait on 1,000 × their deliveries), then made to
  // look as they would after MUX's `active` webhook, 10 minutes ago.
  process.env.MUX_POSTS_PER_SECOND = "100"; // its maximum: seeding takes 10 s of POST turns
  control.webhookFault({ service: "mux", action: "drop", times: Number.POSITIVE_INFINITY });
  control.webhookFault({ service: "livekit", action: "drop", times: Number.POSITIVE_INFINITY });
  // One account may hold at most 1,000 live broadcasts (the cap's maximum): one owner per 1,000.
  const owners = [user, ...(await Promise.all(Array.from({ length: Math.ceil(FLEET / 1000) - 1 }, (_, i) => app.newUser(`Fleet ${i + 2}`))))];
  const [, seedMs] = await timed(async () => {
    let next = 0;
    const worker = async () => {
      while (next < FLEET) {
        const i = next++;
        const roomName = `fleet-${i}`;
        const owner = owners[Math.floor(i / 1000)] ?? user;
        control.joinRoom(roomName, owner.id);
        await startLivestream({ roomName }, owner.id);
      }
    };
    await Promise.all(Array.from({ length: 8 }, worker));
  });
  await control.settle();
  control.clearFaults();
  delete process.env.MUX_POSTS_PER_SECOND;
  await db.execute(sql`update golive.livestreams set status = 'active', updated_at = now() - interval '10 minutes' - (random() * interval '1 minute'), started_at = now() - interval '10 minutes' where status in ('starting', 'active') and room_name like 'fleet-%'`);
  const fleetEgresses = control.egresses().filter((e) => e.status === "EGRESS_ACTIVE").length;

  /** A crashed start in `roomName`: its row and MUX stream linked, no egress, 3 minutes old (past the 2 min grace). */
  const crashedStart = async (roomName: string): Promise<string> => {
    const id = randomUUID();
    const stream = await createLiveStream({ latencyMode: "standard", maxDuration: 43_200, passthrough: id });
    await db.insert(livestreams).values({
      id,
      roomName,
      userId: user.id,
      status: "starting",
      muxLiveStreamId: stream.id,
      muxStreamKey: stream.streamKey,
      muxPlaybackId: stream.playbackId,
      createdAt: new Date(Date.now() - 3 * 60_000),
      updatedAt: new Date(Date.now() - 3 * 60_000),
    });
    return id;
  };
  const crashedId = await crashedStart("fleet-crashed");

  const reconcileRun = async () => {
    const before = control.requests().length;
    const [answer, took] = await timed(() => app.anonymous.request("POST", "/api/video/livestream/reconcile", undefined, { authorization: `Bearer ${RECONCILE_SECRET}` }));
    if (answer.status !== 200) throw new Error(`reconcile answered ${answer.status}: ${JSON.stringify(answer.body)}`);
    const report = answer.body as { examined: number; pages: number; outOfTime: boolean; ended: { id: string }[]; errors: number };
    return { report, took, calls: callsByMethod(control.requests().slice(before)) };
  };
  const crashRepaired = async (id: string) => {
    const [row] = await db.select({ status: livestreams.status }).from(livestreams).where(eq(livestreams.id, id));
    return row?.status === "failed";
  };
  /** Runs reconcile until row `id` is failed (at most 6 runs); a table row per run. */
  const untilRepaired = async (label: string, id: string): Promise<number> => {
    for (let run = 1; run <= 6; run++) {
      const { report, took, calls } = await reconcileRun();
      const repaired = await crashRepaired(id);
      table.a.push([
        `(a) ${label}, run ${run}`,
        `${report.examined} rows in ${report.pages} pages, ${ms(took)}${report.outOfTime ? ", out of time" : ""}${report.errors ? `, ${report.errors} errors` : ""}; crash ${repaired ? "repaired" : "not reached"}`,
        calls,
      ]);
      if (repaired) return run;
    }
    return Number.POSITIVE_INFINITY;
  };
  const coldRuns = await untilRepaired(`cold (${FLEET} never-checked rows + 1 crashed start)`, crashedId);

  // Steady state: every row has been checked before; a start crashes now.
  const steadyId = await crashedStart("fleet-crashed-later");
  // Every healthy row examined at least once (the cold runs may not have reached them all).
  await db.update(livestreams).set({ reconcileCheckedAt: new Date(Date.now() - 60_000) }).where(and(eq(livestreams.status, "active"), sql`${livestreams.reconcileCheckedAt} is null`));
  const steadyRuns = await untilRepaired(`steady (${FLEET} rows checked before + 1 new crashed start)`, steadyId);
  const stillLive = await db.select({ n: sql<number>`count(*)::int` }).from(livestreams).where(inArray(livestreams.status, ["active"]));
  table.a.push([`(a) runs until the crashed start is repaired`, `cold: ${coldRuns}, steady: ${steadyRuns}`, `goal ≤ 2; ${FLEET} broadcasts (seeded in ${(seedMs / 1000).toFixed(1)} s, ${fleetEgresses} egresses running), ${stillLive[0]?.n ?? 0} still active after`]);
}
