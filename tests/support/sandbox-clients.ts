// Shared setup for the sandbox suite: a sandbox with fresh random credentials, the official
// SDK clients pointed at it, and a tiny loopback webhook receiver.
import { randomBytes } from "node:crypto";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";
import Mux from "@mux/mux-node";
import { EgressClient, RoomServiceClient, StreamOutput } from "livekit-server-sdk";
import { afterAll, beforeAll, beforeEach, expect } from "vitest";
import { startSandbox, type Sandbox, type SandboxConfig } from "@golive/sandbox";

export const rnd = (prefix: string) => `${prefix}${randomBytes(8).toString("hex")}`;

export type World = {
  sandbox: Sandbox;
  creds: { tokenId: string; tokenSecret: string; apiKey: string; apiSecret: string; webhookSecret: string };
  mux: Mux;
  egress: EgressClient;
  rooms: RoomServiceClient;
  /** Signs playback tokens with the sandbox's signing key (playbackSigner). */
  signer: Mux;
};

type Extra = Omit<Partial<SandboxConfig>, "mux" | "livekit"> & {
  mux?: Partial<SandboxConfig["mux"]>;
  livekit?: Partial<SandboxConfig["livekit"]>;
};

export async function startWorld(extra: Extra = {}): Promise<World> {
  const creds = {
    tokenId: rnd("tok-"),
    tokenSecret: rnd("sec-"),
    apiKey: rnd("API"),
    apiSecret: rnd("lksecret-"),
    webhookSecret: rnd("whsec-"),
  };
  const sandbox = await startSandbox({
    ...extra,
    mux: { tokenId: creds.tokenId, tokenSecret: creds.tokenSecret, webhookSecret: creds.webhookSecret, ...extra.mux },
    livekit: { apiKey: creds.apiKey, apiSecret: creds.apiSecret, ...extra.livekit },
  });
  const world = {
    sandbox,
    creds,
    // maxRetries 0: a fault answers exactly once unless a test asks for the SDK's retries.
    mux: new Mux({ tokenId: creds.tokenId, tokenSecret: creds.tokenSecret, baseURL: sandbox.muxBaseUrl, maxRetries: 0 }),
    egress: new EgressClient(sandbox.livekitUrl, creds.apiKey, creds.apiSecret),
    rooms: new RoomServiceClient(sandbox.livekitUrl, creds.apiKey, creds.apiSecret),
  };
  return { ...world, signer: playbackSigner(sandbox) };
}

/**
 * One sandbox for a test file, reset before each test to a room "studio" with its host in it;
 * `started` receives the world once it is up (before the first test).
 */
export function useStudioWorld(extra: Extra, started: (world: World) => void): void {
  let world: World | undefined;
  beforeAll(async () => {
    world = await startWorld(extra);
    started(world);
  });
  beforeEach(() => {
    world?.sandbox.control.reset();
    world?.sandbox.control.joinRoom("studio", "host");
  });
  afterAll(() => world?.sandbox.close());
}

export const muxIngest = (key: string) => `rtmp://global-live.mux.com:5222/app/${key}`;

export type Received = { headers: IncomingHttpHeaders; body: string };

export type Receiver = {
  url: string;
  received: Received[];
  /** statuses to answer, in order; 200 once they run out */
  respondWith: number[];
  close(): Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const receiver: Receiver = { url: "", received, respondWith: [], close: async () => undefined };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(receiver.respondWith.shift() ?? 200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return receiver;
}

/** Error thrown by an SDK call, for asserting on status/code. */
export async function caught(promise: Promise<unknown>): Promise<{ status?: number; code?: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const e = error as { status?: number; code?: string; message?: string };
    return { status: e.status, code: e.code, message: e.message ?? String(error) };
  }
  throw new Error("expected the call to fail");
}

/**
 * A MUX live stream made with `params`, with its encoder (a LiveKit egress of room "studio")
 * connected and the stream `active`.
 */
export async function liveStudioStream(w: World, params: Mux.Video.LiveStreamCreateParams) {
  const stream = await w.mux.video.liveStreams.create(params);
  const { egressId } = await w.egress.startRoomCompositeEgress("studio", new StreamOutput({ urls: [muxIngest(stream.stream_key)] }));
  await w.sandbox.control.settle();
  const live = await w.mux.video.liveStreams.retrieve(stream.id);
  expect(live.status).toBe("active");
  return { stream, egressId, playbackId: stream.playback_ids?.[0]?.id ?? "", assetId: live.active_asset_id ?? "" };
}

/**
 * A MUX SDK client that signs playback tokens with the sandbox's signing key, as the app does
 * (`mux.jwt.signPlaybackId`); it makes no API call (its token id and secret are placeholders).
 */
function playbackSigner(sandbox: Sandbox): Mux {
  return new Mux({
    tokenId: "x",
    tokenSecret: "y",
    jwtSigningKey: sandbox.credentials.mux.signingKeyId,
    jwtPrivateKey: sandbox.credentials.mux.signingPrivateKeyBase64,
  });
}
