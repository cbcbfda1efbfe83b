// Turns off zod's JIT probe (`new Function("")`), which the Content-Security-Policy refuses outside
// development and reports as a violation on every page (src/lib/security-headers.ts). Browser schema
// modules import this first (docs/architecture.md, "Security model").
import { config } from "zod/v4/core";

// Here, not in src/instrumentation-client.ts: under `next dev` that hook made every page reload in a loop.
config({ jitless: true });
