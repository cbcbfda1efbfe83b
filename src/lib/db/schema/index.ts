export * from "./auth";
export * from "./livestreams";
