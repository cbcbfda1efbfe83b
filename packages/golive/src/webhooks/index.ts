export { verifyLivekitWebhook, verifyMuxWebhook } from "./verify";
export type { VerifiedLivekitEvent } from "./verify";
