// The app's own tables (better-auth's and the sign-in lock). golive's are in @golive/next/db.
export * from "./auth";
export * from "./sign-in-failures";
