// golive's tables (docs/architecture.md, "Tables"): what drizzle-kit generates migrations from.
export * from "./clips";
export * from "./fair-share";
export * from "./golive-schema";
export * from "./livestreams";
export * from "./presence";
export * from "./recordings";
export * from "./rooms";
export * from "./saved-destinations";
export * from "./scheduled-work";
export * from "./share-links";
export * from "./stream-pool";
export * from "./webhook-events";
