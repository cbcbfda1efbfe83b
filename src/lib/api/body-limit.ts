import "server-only";
// One body limit for the routes and the server actions (docs/architecture.md, "Security
// model"): the routes refuse a larger body unread (route.ts), the actions refuse larger
// arguments before parsing them (src/app/actions/result.ts).

/** JSON bodies of golive's routes, and its server actions' arguments as JSON, are small. */
export const MAX_JSON_BYTES = 64 * 1024;

export const tooLargeMessage = (maxBytes: number) => `The request body must be at most ${maxBytes} bytes.`;

/**
 * The size of a server action's arguments as the same input would be sent as a route's JSON
 * body. Next.js decodes more than JSON (bigint, Map, Set): those count as their JSON-like
 * form rather than throw or vanish.
 */
export function jsonBytes(value: unknown): number {
  const json = JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v instanceof Map || v instanceof Set ? [...v] : v));
  return json === undefined ? 0 : Buffer.byteLength(json, "utf8");
}
