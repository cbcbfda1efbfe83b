// The `contract` entry (docs/architecture.md, "The package"): the same names as client.ts.
export * from "./client";
