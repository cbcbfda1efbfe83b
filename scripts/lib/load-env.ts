// Scripts see the same .env files `next dev` would (the subset: .env.local, then .env);
// variables already set in the shell win, as in Next.js.
import { existsSync } from "node:fs";

export function loadEnvFiles(): void {
  for (const file of [".env.local", ".env"]) {
    if (existsSync(file)) process.loadEnvFile(file);
  }
}
