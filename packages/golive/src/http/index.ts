// The `http` entry: golive's routes and server-action bodies for one host, and the pieces a host's
// own routes may share with them (docs/architecture.md, "The package", "The host").
export { goliveRoutes } from "./routes";
export type { GoliveRoutes } from "./routes";
export { goliveActions } from "./actions";
export type { GoliveActions } from "./actions";
export { pageSession } from "./page-session";
export type { PageSession } from "./page-session";
export type { ActionResult } from "./action-result";
export type { ChangeLivestreamInput, EndLivestreamInput, GoLiveInput, GoLiveOptions, RetryDestinationInput } from "./livestream-actions";
export type { GetSessionUser, SessionHost, SessionUser } from "./session-host";
export { privateAnswer, withOptionalSession, withSession } from "./session";
export type { Handler } from "./session";
export { ApiError, errorJson, errorResponse, isNextSignal } from "./errors";
export { jsonBytes, MAX_JSON_BYTES, readBodyText, readJson, readQuery, tooLargeMessage } from "./body";
