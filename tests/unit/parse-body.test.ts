// parseBody (scripts/lib/harness/test-app.ts): how tests read an answer with the contract's
// schemas. A body that doesn't parse, or carries a key the schema would drop, fails showing it.
import { describe, expect, test } from "vitest";
import { stopLivestreamResultSchema, listInvitesResultSchema } from "@golive/next/contract";
import { parseBody } from "../support/test-app";

const answer = (body: unknown) => ({ status: 200, body, headers: new Headers() });
const stopped = { livestreamId: "l1", status: "completed", muxAssetId: null, vodPlaybackId: null };
const invite = { id: "i1", room: "r", role: "guest", createdAt: "2026-01-02T03:04:05.000Z", expiresAt: "2026-01-09T03:04:05.000Z", revokedAt: null, state: "active" };

describe("parseBody", () => {
  test("gives the schema's output: dates as Dates", () => {
    expect(parseBody(answer(stopped), stopLivestreamResultSchema)).toEqual(stopped);
    expect(parseBody(answer({ invites: [invite] }), listInvitesResultSchema).invites[0]?.createdAt).toEqual(new Date(invite.createdAt));
  });

  test("a body that doesn't parse fails with its status and the body", () => {
    expect(() => parseBody({ ...answer({ error: "Livestream not found.", code: "not_found" }), status: 404 }, stopLivestreamResultSchema)).toThrow(
      /answer 404 does not parse:[\s\S]*"error": "Livestream not found\."/,
    );
  });

  test("a key the schema doesn't know fails, nested too, rather than being dropped", () => {
    expect(() => parseBody(answer({ ...stopped, muxStreamKey: "secret" }), stopLivestreamResultSchema)).toThrow(/keys its schema doesn't know: body\.muxStreamKey/);
    expect(() => parseBody(answer({ invites: [{ ...invite, token: "t" }] }), listInvitesResultSchema)).toThrow(/body\.invites\[0\]\.token/);
  });
});
