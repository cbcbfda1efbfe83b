// When a host's `next dev` starts the offline sandbox from its instrumentation, and where its
// webhooks go (packages/sandbox/src/dev-sandbox-plan.ts; packages/sandbox/README.md, "In your own app").
import { describe, expect, test } from "vitest";
import { DEV_SANDBOX_PORT, planDevSandbox, type DevSandboxEnvironment } from "../../packages/sandbox/src/dev-sandbox-plan";

const fresh: DevSandboxEnvironment = { nodeEnv: "development", setting: "auto", missing: ["MUX_TOKEN_ID", "LIVEKIT_API_KEY"], port: undefined };
const configured: DevSandboxEnvironment = { ...fresh, missing: [] };

describe("whether it starts", () => {
  test("next dev without credentials: on, saying which are missing", () => {
    const plan = planDevSandbox(fresh);
    expect(plan).toMatchObject({ start: true, sandboxPort: DEV_SANDBOX_PORT, why: "missing MUX_TOKEN_ID, LIVEKIT_API_KEY" });
  });

  test("next dev with every credential: off", () => {
    expect(planDevSandbox(configured)).toEqual({ start: false, reason: "configured" });
  });

  test("LIVESTREAM_SANDBOX=1 starts it even with credentials; =0 forbids it even without", () => {
    expect(planDevSandbox({ ...configured, setting: "on" })).toMatchObject({ start: true, why: "LIVESTREAM_SANDBOX=1" });
    expect(planDevSandbox({ ...fresh, setting: "off" })).toEqual({ start: false, reason: "forbidden" });
  });

  test.each([["production"], ["test"], [undefined]] as const)("NODE_ENV=%s (next build, next start, tests): never, whatever the variables say", (nodeEnv) => {
    for (const env of [fresh, configured, { ...fresh, setting: "on" as const }]) {
      expect(planDevSandbox({ ...env, nodeEnv })).toEqual({ start: false, reason: "not-development" });
    }
  });
});

describe("where its webhooks go", () => {
  test("the port next dev listens on (PORT, which next dev 16 sets), on loopback", () => {
    expect(planDevSandbox({ ...fresh, port: 47880 })).toMatchObject({ start: true, appUrl: "http://localhost:47880" });
  });

  test("3000 when PORT is unset", () => {
    expect(planDevSandbox(fresh)).toMatchObject({ start: true, appUrl: "http://localhost:3000" });
  });
});
