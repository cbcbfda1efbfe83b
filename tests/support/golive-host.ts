// Every test file runs with golive bound to this app, as the app's server code is (the host
// file, src/lib/golive.ts): tests that call the service directly need it configured too. The
// host file brings golive's server actions, and with them Next's request scope, which needs
// AsyncLocalStorage on globalThis before it loads (./next-request-scope).
import "./next-request-scope";
import "@/lib/golive";
