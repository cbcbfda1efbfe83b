// The sandbox hands out its own credentials and the environment that points golive at it:
// the one mapping the dev launcher, test-app and e2e-app share.
import Mux from "@mux/mux-node";
import { RoomServiceClient } from "livekit-server-sdk";
import { afterEach, expect, test } from "vitest";
import { startSandbox, type Sandbox } from "@golive/sandbox";
import { startReceiver, type Receiver } from "../support/sandbox-clients";

let sandbox: Sandbox | undefined;
let receiver: Receiver | undefined;
afterEach(async () => {
  await sandbox?.close();
  await receiver?.close();
  sandbox = receiver = undefined;
});

test("credentials are generated when not given, and appEnv() names them with the sandbox's URLs", async () => {
  sandbox = await startSandbox();
  const { mux, livekit } = sandbox.credentials;
  expect(livekit.apiKey).toMatch(/^API/);
  const env = sandbox.appEnv();
  expect(env).toEqual({
    MUX_TOKEN_ID: mux.tokenId,
    MUX_TOKEN_SECRET: mux.tokenSecret,
    MUX_WEBHOOK_SECRET: mux.webhookSecret,
    MUX_BASE_URL: sandbox.muxBaseUrl,
    MUX_STATS_URL: sandbox.muxStatsUrl,
    MUX_SIGNING_KEY: "", // no viewerCounts: unset, and clears one set before
    MUX_PRIVATE_KEY: "",
    LIVEKIT_API_KEY: livekit.apiKey,
    LIVEKIT_API_SECRET: livekit.apiSecret,
    LIVEKIT_URL: sandbox.livekitUrl,
    NEXT_PUBLIC_LIVEKIT_URL: sandbox.livekitUrl.replace(/^http:/, "ws:"),
    LIVESTREAM_SANDBOX: "1",
    LIVESTREAM_SANDBOX_CONTROL_URL: sandbox.controlUrl,
  });
  // Another sandbox, other secrets.
  const other = await startSandbox();
  expect(other.credentials.mux.tokenSecret).not.toBe(mux.tokenSecret);
  await other.close();

  // The SDKs get in with exactly these, and not without them.
  const client = new Mux({ tokenId: env.MUX_TOKEN_ID, tokenSecret: env.MUX_TOKEN_SECRET, baseURL: env.MUX_BASE_URL, maxRetries: 0 });
  await expect(client.video.liveStreams.create({ playback_policy: ["public"] })).resolves.toMatchObject({ status: "idle" });
  const intruder = new Mux({ tokenId: env.MUX_TOKEN_ID, tokenSecret: "guessed", baseURL: env.MUX_BASE_URL, maxRetries: 0 });
  await expect(intruder.video.liveStreams.list()).rejects.toMatchObject({ status: 401 });
  await expect(new RoomServiceClient(env.LIVEKIT_URL, env.LIVEKIT_API_KEY, env.LIVEKIT_API_SECRET).listRooms()).resolves.toEqual([]);
});

test("given credentials are kept; viewerCounts hands the app a signing key the stats API accepts", async () => {
  sandbox = await startSandbox({ mux: { tokenId: "given-id" }, livekit: { apiKey: "APIgiven" }, viewerCounts: true });
  expect(sandbox.credentials.mux.tokenId).toBe("given-id");
  expect(sandbox.credentials.livekit.apiKey).toBe("APIgiven");
  const env = sandbox.appEnv();
  expect(env.MUX_SIGNING_KEY).toBe(sandbox.credentials.mux.signingKeyId);
  expect(env.MUX_SIGNING_KEY).not.toBe("");
  const signer = new Mux({ tokenId: "x", tokenSecret: "y", jwtSigningKey: env.MUX_SIGNING_KEY, jwtPrivateKey: env.MUX_PRIVATE_KEY });
  const token = await signer.jwt.signViewerCounts("some-stream", { type: "live_stream" });
  expect((await fetch(`${env.MUX_STATS_URL}/counts?token=${encodeURIComponent(token)}`)).status).toBe(200);
});

test("appUrl sends webhooks to the app's /api/webhooks/mux and /api/webhooks/livekit, signed with the handed-out secret", async () => {
  receiver = await startReceiver();
  const appUrl = new URL(receiver.url).origin;
  sandbox = await startSandbox({ appUrl });
  const env = sandbox.appEnv();
  const mux = new Mux({ tokenId: env.MUX_TOKEN_ID, tokenSecret: env.MUX_TOKEN_SECRET, baseURL: env.MUX_BASE_URL, webhookSecret: env.MUX_WEBHOOK_SECRET });
  await mux.video.liveStreams.create({ playback_policy: ["public"] });
  await sandbox.control.settle();
  const sent = sandbox.control.webhooksSent({ service: "mux" });
  expect(sent.map((w) => w.url)).toContain(`${appUrl}/api/webhooks/mux`);
  const created = sent.find((w) => w.type === "video.live_stream.created");
  expect(created).toBeDefined();
  // The MUX SDK's own verifier accepts the signature made with MUX_WEBHOOK_SECRET.
  expect(() => mux.webhooks.unwrap(created?.body ?? "", new Headers(created?.headers ?? {}))).not.toThrow();

  await expect(startSandbox({ appUrl: "http://192.0.2.10:3000" })).rejects.toThrow(/loopback/);
});
