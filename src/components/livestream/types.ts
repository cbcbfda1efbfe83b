// How a failed request looks in the browser. The answers themselves (statuses, the status
// body, error codes) are the API contract's, parsed with its schemas: packages/golive/src/contract/shapes.ts.
import type { ApiErrorCode } from "@golive/next/contract/client";

/** Every code the API and the server actions answer with. */
export type ErrorCode = ApiErrorCode;

/** What a failed request becomes in the UI: a code for programs, the server's sentence for people. */
export type RequestError = { code: ErrorCode | "network"; message: string; status?: number };
