export { forgetOldWebhookEvents } from "./event-retention";
export { isSignedByMux } from "./mux-signature";
export { MAX_WEBHOOK_BYTES, receiveLivekitWebhook, receiveMuxWebhook } from "./receive";
