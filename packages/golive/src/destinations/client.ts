// The `destinations` browser entry: the form's rules (docs/architecture.md, "The package").
export { goLiveRequestSchema } from "./plan";
export { assertValidStreamKey, buildTwitchRtmpUrl, parseCustomRtmpUrl } from "./stream-destinations";
