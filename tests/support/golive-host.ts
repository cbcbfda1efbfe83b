// Every test file runs with golive bound to this app, as the app's server code is (the host
// file, src/lib/golive.ts): tests that call the service directly need it configured too.
import "@/lib/golive";
