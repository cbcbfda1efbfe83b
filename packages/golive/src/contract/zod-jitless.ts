// zod decides whether to JIT-compile its object parsers by trying `new Function("")`. The
// Content-Security-Policy (src/lib/security-headers.ts) has no 'unsafe-eval' outside
// development, so in the browser that probe is refused — harmlessly, zod falls back — but
// reported as a CSP violation on every page that parses with zod. Modules whose schemas run
// in the browser import this first, so the console stays clean and real violations show.
// (Not src/instrumentation-client.ts: under `next dev` that hook made every page reload in a loop.)
import { config } from "zod/v4/core";

config({ jitless: true });
