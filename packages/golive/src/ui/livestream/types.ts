// How a failed request looks in the browser; the answers themselves are the contract's
// (docs/architecture.md, "Module map").
import type { ApiErrorCode } from "../../contract/client";

/** Every code the API and the server actions answer with. */
export type ErrorCode = ApiErrorCode;

/** What a failed request becomes in the UI: a code for programs, the server's sentence for people. */
export type RequestError = { code: ErrorCode | "network"; message: string; status?: number };
