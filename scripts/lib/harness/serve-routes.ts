// A second app instance for multi-process tests: the route handlers served in their own
// Node process, configured by the environment it inherits. Prints its URL, serves until killed.
// Run: node --import tsx --conditions=react-server scripts/lib/harness/serve-routes.ts
import { startRouteServer } from "./route-server";

const server = await startRouteServer();
process.stdout.write(`${server.url}\n`);
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)));
