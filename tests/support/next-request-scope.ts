// Next.js's server runtime puts AsyncLocalStorage on globalThis before it loads the modules
// that keep its request scope; plain Node (Vitest) doesn't. Imported before any of them.
import { AsyncLocalStorage } from "node:async_hooks";

const scope = globalThis as typeof globalThis & { AsyncLocalStorage?: typeof AsyncLocalStorage };
scope.AsyncLocalStorage ??= AsyncLocalStorage;
