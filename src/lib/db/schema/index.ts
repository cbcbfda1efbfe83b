// The app's own tables (better-auth's, the sign-in lock); golive's are in @golive/next/db
// (docs/architecture.md, "Tables").
export * from "./auth";
export * from "./sign-in-failures";
