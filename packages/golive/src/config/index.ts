// The `config` entry (docs/architecture.md, "The package", "Configuration").
export { customTemplateSetting, templateReadySeconds } from "./env";
export { bindTemplateUrl, customTemplateUrl } from "./template";
export { encryptionSecret, isDevelopment, isProduction, livekitConfig, livekitPublicUrl, maxLivePerUser, missingUpstreamVariables, muxConfig, muxFleetConfig, muxSigningKey, muxViewerCountConfig, muxWebhookSecret, playbackTokenSeconds, privateWatchers, reconcileIntervalSeconds, reconcileSecret, reconnectWindowSeconds, rtmpHostPolicy, sandboxControlUrl, sandboxPlaybackOrigin, sandboxSetting, stopAfterHostLeftSeconds } from "./env";
export { goliveNow, setGoliveClock } from "./clock";
export type { EnvVariable } from "./env";
export { bindHostIdentity, hostSecret, userNames } from "./host";
export type { HostIdentity } from "./host";
export { goliveEnvSchema } from "./env-schema";
export { createEnvReader, optional, url } from "./read-env";
export type { EnvReader } from "./read-env";
export { EnvError } from "./read-env";
export { describeError } from "./log";
