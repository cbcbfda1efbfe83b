export { removeMember } from "./member-removal";
export type { MemberRemoval } from "./member-removal";
