// The soak's workload: one simulated person per room going live, stopping, polling and changing
// their broadcast, sometimes two requests at once. docs/benchmarks.md, "Soak".
import type { Sandbox } from "@golive/sandbox";
import { call, field, record, stringField } from "./http";
import { between, chance, hex, pick, random, sleep } from "./options";
import { addSecret, tally } from "./tally";

export type User = { index: number; id: string; room: string; ip: string; cookie: string; base: string; live: { id: string; visibility: string } | null };

export async function signUp(base: string, index: number): Promise<User> {
  const ip = `198.18.0.${index + 1}`;
  const email = `soak${index}-${hex(4)}@example.test`;
  for (let attempt = 0; ; attempt++) {
    const response = await fetch(new URL("/api/auth/sign-up/email", base), {
      method: "POST",
      headers: { "content-type": "application/json", origin: base, "x-forwarded-for": ip },
      body: JSON.stringify({ email, password: "correct horse battery", name: `Soak ${index}` }),
    });
    if (response.status === 200) {
      const { user } = (await response.json()) as { user: { id: string } };
      const pairs = response.headers.getSetCookie().map((c) => c.split(";")[0] ?? "");
      for (const pair of pairs) {
        const value = pair.slice(pair.indexOf("=") + 1);
        addSecret("session cookie", decodeURIComponent(value));
        addSecret("session cookie", value);
        addSecret("session token", decodeURIComponent(value).split(".")[0]);
      }
      return { index, id: user.id, room: `soak-room-${index}`, ip, cookie: pairs.join("; "), base, live: null };
    }
    if (attempt >= 5) throw new Error(`sign-up failed: ${response.status} ${await response.text()}`);
    await sleep(500);
  }
}

const LAYOUTS = ["grid", "speaker", "single-speaker", "grid-light", "speaker-light", "single-speaker-light"] as const;
const QUALITIES = ["720p30", "720p60", "1080p30", "1080p60"] as const;

function destination(): Record<string, string> {
  const streamKey = `soak-${hex(10)}`;
  addSecret("destination key", streamKey);
  const type = pick(["youtube", "twitch", "custom"] as const);
  if (type === "custom") return { type, name: "Custom", customRtmpUrl: `rtmp://ingest-${between(1, 3)}.example.net/live`, streamKey };
  return { type, streamKey };
}

export async function userLoop(user: User, sandbox: Sandbox, deadline: number): Promise<void> {
  const headers = () => ({ cookie: user.cookie, "x-forwarded-for": user.ip });
  const inRoom = { value: true };
  while (Date.now() < deadline) {
    await sleep(between(150, 1500));
    if (Date.now() >= deadline) break;
    const r = random();
    if (r < 0.12) {
      await race(user, sandbox, inRoom, headers());
      continue;
    }
    if (!user.live) {
      if (r < 0.5) await goLive(user, headers());
      else if (r < 0.7) await status(user, headers());
      else if (r < 0.8) record("list", await call(user.base, "GET", `/api/video/livestream?roomName=${encodeURIComponent(user.room)}&limit=5`, { headers: headers() }));
      else if (r < 0.9) await stop(user, headers());
      else await presence(user, sandbox, inRoom);
    } else {
      if (r < 0.18) await stop(user, headers());
      else if (r < 0.48) await status(user, headers());
      else if (r < 0.8) await patch(user, headers());
      else if (r < 0.86 && user.live.visibility === "private") await shareLink(user, headers());
      else if (r < 0.92) await goLive(user, headers()); // a second go-live in a live room: 409
      else await presence(user, sandbox, inRoom);
    }
  }
  if (!inRoom.value) sandbox.control.joinRoom(user.room, user.id);
}

/**
 * Two requests about one broadcast at once, as a double click, a second tab or a second
 * device sends them: each lands on either instance. Tallied as "race: …" kinds.
 */
async function race(user: User, sandbox: Sandbox, inRoom: { value: boolean }, headers: Record<string, string>): Promise<void> {
  const later = async (run: () => Promise<void>) => {
    await sleep(between(0, 400));
    await run();
  };
  const kind = user.live ? pick(["patch+stop", "patch+patch", "stop+stop", "go-live+stop"] as const) : pick(["go-live+stop", "go-live+go-live", "go-live+leave"] as const);
  tally("race", kind);
  switch (kind) {
    case "go-live+stop":
      await Promise.all([goLive(user, headers, "race: go-live"), later(() => stop(user, headers, "race: stop"))]);
      return;
    case "go-live+go-live":
      await Promise.all([goLive(user, headers, "race: go-live"), later(() => goLive(user, headers, "race: go-live"))]);
      return;
    case "go-live+leave":
      await Promise.all([
        goLive(user, headers, "race: go-live"),
        later(async () => {
          sandbox.control.leaveRoom(user.room, user.id);
          inRoom.value = false;
          await sleep(between(200, 1500));
          sandbox.control.joinRoom(user.room, user.id);
          inRoom.value = true;
        }),
      ]);
      return;
    case "patch+stop":
      await Promise.all([patch(user, headers, "race: "), later(() => stop(user, headers, "race: stop"))]);
      return;
    case "patch+patch":
      await Promise.all([patch(user, headers, "race: "), later(() => patch(user, headers, "race: "))]);
      return;
    case "stop+stop":
      await Promise.all([stop(user, headers, "race: stop"), later(() => stop(user, headers, "race: stop"))]);
      return;
  }
}

async function goLive(user: User, headers: Record<string, string>, label = "go-live"): Promise<void> {
  const body: Record<string, unknown> = { roomName: user.room };
  if (chance(0.4)) body.layout = pick(LAYOUTS);
  if (chance(0.3)) body.quality = pick(QUALITIES);
  if (chance(0.1)) body.orientation = "portrait";
  const visibility = chance(0.15) ? "private" : "public";
  if (visibility === "private") body.visibility = "private";
  if (chance(0.1)) body.captions = "en";
  else if (chance(0.08)) body.latencyMode = "low";
  if (chance(0.4)) body.additionalDestinations = Array.from({ length: between(1, 2) }, destination);
  // Half the go-lives carry an Idempotency-Key and retry once, as a careful client does after a timeout or a 502.
  const key = chance(0.5) ? `soak-${hex(8)}` : undefined;
  let answer = await call(user.base, "POST", "/api/video/livestream", { body, headers: { ...headers, ...(key ? { "idempotency-key": key } : {}) } });
  record(label, answer);
  if (key && (answer.status === "timeout" || answer.status === "network" || answer.status === 502)) {
    answer = await call(user.base, "POST", "/api/video/livestream", { body, headers: { ...headers, "idempotency-key": key } });
    record("go-live (retry, same key)", answer);
  }
  if (typeof answer.status === "number" && answer.status === 201) {
    const id = stringField(answer.body, "livestreamId");
    if (id) user.live = { id, visibility };
  } else if (answer.status === 409) {
    await status(user, headers);
  }
}

async function status(user: User, headers: Record<string, string>): Promise<unknown> {
  const answer = await call(user.base, "GET", `/api/video/livestream/status?roomName=${encodeURIComponent(user.room)}`, { headers });
  record("status", answer);
  if (typeof answer.status === "number" && answer.status === 200) {
    const state = stringField(answer.body, "status");
    const id = stringField(answer.body, "livestreamId");
    const visibility = stringField(answer.body, "visibility") ?? "public";
    user.live = id && (state === "starting" || state === "active" || state === "stopping") ? { id, visibility } : null;
    return answer.body;
  }
  if (answer.status === 404) user.live = null;
  return undefined;
}

async function stop(user: User, headers: Record<string, string>, label = "stop"): Promise<void> {
  const answer = await call(user.base, "DELETE", "/api/video/livestream", { body: { roomName: user.room }, headers });
  record(label, answer);
  if (typeof answer.status === "number" && (answer.status === 200 || answer.status === 404)) user.live = null;
}

async function patch(user: User, headers: Record<string, string>, prefix = ""): Promise<void> {
  if (!user.live) return;
  const body: Record<string, unknown> = { livestreamId: user.live.id };
  const r = random();
  if (r < 0.45) body.layout = pick(LAYOUTS);
  else if (r < 0.75) body.addDestinations = [destination()];
  else {
    const current = await status(user, headers);
    const destinations = field(current, "destinations");
    const removable = (Array.isArray(destinations) ? destinations : [])
      .filter((d) => stringField(d, "id") !== "mux" && !stringField(d, "removedAt") && stringField(d, "status") !== "finished")
      .map((d) => stringField(d, "id"))
      .filter((id): id is string => id !== undefined);
    if (!user.live) return;
    if (removable.length === 0) body.addDestinations = [destination()];
    else body.removeDestinations = [pick(removable)];
  }
  record(`${prefix}patch (${Object.keys(body).filter((k) => k !== "livestreamId").join("+")})`, await call(user.base, "PATCH", "/api/video/livestream", { body, headers }));
}

async function shareLink(user: User, headers: Record<string, string>): Promise<void> {
  if (!user.live) return;
  const answer = await call(user.base, "POST", "/api/video/livestream/share-links", { body: { livestreamId: user.live.id, expiresInHours: 1 }, headers });
  record("share-link", answer);
  const url = typeof answer.status === "number" ? stringField(answer.body, "url") : undefined;
  const token = url ? new URL(url, "http://x").searchParams.get("share") : null;
  addSecret("share token", token);
}

/**
 * Leaves the room (the sandbox closes an empty room: its egress ends) or comes back. Half the
 * leaves while live leave a recorder behind, as LiveKit's egress participant (identity `EG_…`)
 * keeps a real room open: the guardrail then stops the broadcast at once (docs/architecture.md,
 * "Guardrails"); the recorder goes when the user is back.
 */
async function presence(user: User, sandbox: Sandbox, inRoom: { value: boolean }): Promise<void> {
  let recorder: string | undefined;
  if (inRoom.value) {
    recorder = user.live && chance(0.5) ? `EG_soak_${hex(4)}` : undefined;
    if (recorder) sandbox.control.joinRoom(user.room, recorder);
    sandbox.control.leaveRoom(user.room, user.id);
    inRoom.value = false;
    tally("presence", recorder ? "left (a recorder stays)" : "left");
    await sleep(between(300, 2500));
  }
  sandbox.control.joinRoom(user.room, user.id);
  inRoom.value = true;
  if (recorder) sandbox.control.leaveRoom(user.room, recorder);
  tally("presence", "joined");
}
