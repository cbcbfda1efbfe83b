// Every code the API can answer is explained to people in its own words: a code added to the
// contract must not silently reach the page as "something went wrong" (as 413 once did).
import { afterEach, describe, expect, it, vi } from "vitest";
import { explainError, fetchLivestreamStatus, GENERIC_ERROR_TITLE } from "@golive/next/ui";
import { apiErrorCodes } from "@golive/next/contract";

describe("explainError", () => {
  it.each(apiErrorCodes.filter((code) => code !== "internal_error"))("explains %s specifically", (code) => {
    for (const action of ["start", "stop", "status"] as const) {
      const explained = explainError({ code, message: "Only a host of the room can take it live." }, action);
      expect(explained.title).not.toBe(GENERIC_ERROR_TITLE);
      expect(explained.title.length).toBeGreaterThan(20);
    }
  });

  it("explains an internal error generically, and a network failure as such", () => {
    expect(explainError({ code: "internal_error", message: "x" }).title).toBe(GENERIC_ERROR_TITLE);
    expect(explainError({ code: "network", message: "x" }).title).toMatch(/could not be reached/);
  });

  it("explains 413 payload_too_large, keeping the server's sentence", () => {
    const explained = explainError({ code: "payload_too_large", message: "The request body is over 64 KiB.", status: 413 });
    expect(explained.title).toMatch(/too large/);
    expect(explained.detail).toBe("The request body is over 64 KiB.");
  });
});

describe("fetchLivestreamStatus", () => {
  afterEach(() => vi.unstubAllGlobals());

  const answer = (status: number, body: unknown) =>
    vi.stubGlobal("fetch", vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } })));

  it.each(apiErrorCodes)("keeps the code %s and the server's sentence", async (code) => {
    answer(400, { error: "The sentence.", code });
    expect(await fetchLivestreamStatus({ id: "x" })).toEqual({ ok: false, error: { code, message: "The sentence.", status: 400 } });
  });

  it("a 413 reaches the page as payload_too_large, not internal_error", async () => {
    answer(413, { error: "The request body is over 64 KiB.", code: "payload_too_large" });
    const result = await fetchLivestreamStatus({ roomName: "room" });
    expect(result).toMatchObject({ ok: false, error: { code: "payload_too_large", status: 413 } });
  });

  it("a code it doesn't know is read as internal_error, with the server's sentence", async () => {
    answer(418, { error: "I'm a teapot.", code: "teapot" });
    expect(await fetchLivestreamStatus({ id: "x" })).toEqual({ ok: false, error: { code: "internal_error", message: "I'm a teapot.", status: 418 } });
  });

  it("a status answer is parsed with the contract's schema: dates come back as dates", async () => {
    const body = {
      livestreamId: "ls-1",
      roomName: "room",
      status: "active",
      muxPlaybackId: "play-1",
      playbackUrl: "https://stream.mux.com/play-1.m3u8",
      viewerCount: 0,
      viewerCountAvailable: false,
      startedAt: "2026-11-26T01:00:00.000Z",
      duration: 5,
      failureReason: null,
      endReason: null,
      guardrail: { kind: "host-left", endsAt: "2026-11-26T01:02:00.000Z" },
      health: { ingestAvailable: false, ingest: null, warning: null },
      muxAssetId: null,
      vodPlaybackId: null,
      recordings: [],
      destinations: [],
      layout: "grid",
      quality: "1080p30",
      orientation: "landscape",
      visibility: "public",
      captions: null,
      title: "Launch day",
      description: null,
    };
    answer(200, body);
    const result = await fetchLivestreamStatus({ id: "ls-1" });
    expect(result).toEqual({ ok: true, data: { ...body, startedAt: new Date(body.startedAt), guardrail: { kind: "host-left", endsAt: new Date("2026-11-26T01:02:00.000Z") } } });
    // A body missing what the server always sends is not taken for a status.
    answer(200, { ...body, viewerCountAvailable: undefined });
    expect(await fetchLivestreamStatus({ id: "ls-1" })).toMatchObject({ ok: false, error: { code: "internal_error" } });
  });

  it("a 401 without a body is unauthorized; a network failure is network", async () => {
    vi.stubGlobal("fetch", vi.fn(async () => new Response("nope", { status: 401 })));
    expect(await fetchLivestreamStatus({ id: "x" })).toMatchObject({ ok: false, error: { code: "unauthorized" } });
    vi.stubGlobal("fetch", vi.fn(async () => Promise.reject(new TypeError("offline"))));
    expect(await fetchLivestreamStatus({ id: "x" })).toMatchObject({ ok: false, error: { code: "network" } });
  });
});
