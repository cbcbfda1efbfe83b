export * from "./auth";
export * from "./livestreams";
export * from "./rooms";
export * from "./webhook-events";
export * from "./presence";
export * from "./share-links";
export * from "./stream-pool";
export * from "./scheduled-work";
