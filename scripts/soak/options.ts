// The soak's command line (`npm run soak -- --seconds N --users N --seed N --keep-db`) and its
// seeded choices: with --seed a run's choices replay (timing still varies). docs/benchmarks.md, "Soak".
import { randomBytes, randomInt } from "node:crypto";
import { parseArgs } from "node:util";
import { fail } from "./tally";

const { values: args } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    users: { type: "string", default: "12" },
    seed: { type: "string" },
    "keep-db": { type: "boolean", default: false },
  },
});
export const SECONDS = Number(args.seconds);
export const USERS = Number(args.users);
export const KEEP_DB = args["keep-db"];
if (!Number.isInteger(SECONDS) || SECONDS < 10 || SECONDS > 86_400) fail("--seconds must be a whole number from 10 to 86400");
if (!Number.isInteger(USERS) || USERS < 2 || USERS > 50) fail("--users must be a whole number from 2 to 50");

let seed = args.seed === undefined ? randomInt(2 ** 31) : Number(args.seed);
export const runSeed = seed;
export function random(): number {
  // mulberry32
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
export const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
export function pick<T>(items: readonly T[]): T {
  if (items.length === 0) throw new Error("pick from an empty list");
  return items[Math.floor(random() * items.length)] as T;
}
export const chance = (p: number) => random() < p;
export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
export const hex = (bytes: number) => randomBytes(bytes).toString("hex");
