// The removal folder's entry: what other folders and the app may import from it (tests/unit/source-rules.test.ts).
export { removeMember } from "./member-removal";
export type { MemberRemoval } from "./member-removal";
