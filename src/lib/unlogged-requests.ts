// Requests `next dev` must not log, because their URL is a secret (docs/architecture.md,
// "Security model"): next.config.ts hands these to `logging.incomingRequests.ignore`, which
// tests each against the request's path and query as the client sent them.
export const UNLOGGED_REQUESTS: readonly RegExp[] = [
  // A share link's token (`/watch/<id>?share=<token>`), also inside a percent-encoded `?next=`.
  /(?:[?&]|%3F|%26)share(?:=|%3D)/i,
  // An invite link is its token (`/invite/<token>`), and the sign-in redirect carries it on
  // (`/sign-in?next=%2Finvite%2F<token>`).
  /(?:\/|%2F)invite(?:\/|%2F)/i,
];
