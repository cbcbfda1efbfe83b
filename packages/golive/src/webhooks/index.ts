export { verifyLivekitWebhook, verifyMuxWebhook } from "./verify";
export type { VerifiedLivekitEvent } from "./verify";
export { forgetOldWebhookEvents } from "./event-retention";
