// Runs in the browser before the app's own code (Next.js's client instrumentation hook).
// zod decides whether to JIT-compile its object parsers by trying `new Function("")`. The
// Content-Security-Policy (src/lib/security-headers.ts) has no 'unsafe-eval', so that probe is
// refused — harmlessly, zod falls back — but reported as a CSP violation on every page that
// parses with zod. Telling zod not to try keeps the console clean and real violations visible.
import { config } from "zod/v4/core";

config({ jitless: true });
