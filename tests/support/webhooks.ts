// What the webhook tests share: one host going live through the route, reading its row and
// status, and sending the sandbox's signed webhooks again byte for byte.
import { eq } from "drizzle-orm";
import { expect } from "vitest";
import { getDb } from "@/lib/db";
import { livestreams } from "@golive/next/db";
import { type SentWebhook, signMuxPayload } from "@golive/sandbox";
import { livestreamStatusResultSchema, startLivestreamResultSchema } from "@golive/next/contract";
import { parseBody } from "./test-app";
import type { TestFile } from "./test-file";

export function webhookHelpers(t: TestFile<{ host: string }>) {
  async function goLive(room: string, body: Record<string, unknown> = {}) {
    t.app.sandbox.control.joinRoom(room, t.host.id);
    const res = await t.host.request("POST", "/api/video/livestream", { roomName: room, ...body });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return parseBody(res, startLivestreamResultSchema);
  }

  async function row(id: string) {
    const db = await getDb();
    const [found] = await db.select().from(livestreams).where(eq(livestreams.id, id));
    return found;
  }

  const status = (id: string) => t.host.get(`/api/video/livestream/status?id=${id}`, livestreamStatusResultSchema);

  /** Sends a webhook the sandbox sent again, byte for byte with its signature (a replay). */
  async function replay(sent: SentWebhook) {
    const headers = Object.fromEntries(Object.entries(sent.headers).map(([k, v]) => [k.toLowerCase(), v]));
    const path = sent.service === "mux" ? "/api/webhooks/mux" : "/api/webhooks/livekit";
    return t.app.anonymous.request("POST", path, sent.body, headers);
  }

  /** The webhooks the sandbox sent about one egress or MUX stream, oldest first. */
  const sentAbout = (service: "mux" | "livekit", id: string, type?: string) =>
    t.app.sandbox.control.webhooksSent({ service, type }).filter((w) => w.body.includes(id) && !w.duplicate);

  const destinationStates = async (id: string) => (await status(id)).destinations.map((d) => [d.type, d.status, d.error]);

  return { goLive, row, status, replay, sentAbout, destinationStates };
}

/** A MUX `mux-signature` header for `body`, signed with `secret` at `t` (Unix seconds). */
export const signMux = (body: string, secret: string, t = Math.floor(Date.now() / 1000)) => signMuxPayload(body, secret, t);
