// A list longer than Postgres's 65,534 parameters per statement is one array parameter: what
// reconcile matches its snapshot of running egresses with (packages/golive/src/db/any-of.ts;
// docs/architecture.md, "Reconcile at fleet scale").
import { inArray } from "drizzle-orm";
import { expect, test } from "vitest";
import { getDb } from "@/lib/db";
import { anyOf, livestreams } from "@golive/next/db";
import { useTestApp } from "../support/test-file";

const t = useTestApp({ host: "Host" });
const ids = Array.from({ length: 70_000 }, (_, i) => `EG_many_${i}`);

test("70,000 egress ids match in one statement, where one parameter per id is refused", { timeout: 60_000 }, async () => {
  const db = await getDb();
  await db.insert(livestreams).values([
    { userId: t.host.id, roomName: "any-of-1", status: "completed", egressId: "EG_many_12345" },
    { userId: t.host.id, roomName: "any-of-2", status: "completed", egressId: "EG_not_listed" },
  ]);
  const found = await db.select({ egressId: livestreams.egressId }).from(livestreams).where(anyOf(livestreams.egressId, ids));
  expect(found).toEqual([{ egressId: "EG_many_12345" }]);
  // The limit is real on this driver: the same match as drizzle's inArray fails.
  await expect(db.select({ egressId: livestreams.egressId }).from(livestreams).where(inArray(livestreams.egressId, ids))).rejects.toThrow();
});
