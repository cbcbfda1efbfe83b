export type { PrivateWatchers } from "./policy";
