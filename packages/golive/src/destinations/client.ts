export { goLiveRequestSchema } from "./plan";
export { assertValidStreamKey, buildTwitchRtmpUrl, parseCustomRtmpUrl } from "./stream-destinations";
