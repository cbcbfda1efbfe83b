import { fileURLToPath } from "node:url";
import { configDefaults, defineConfig } from "vitest/config";

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  resolve: {
    alias: {
      "@": here("./src"),
      // `server-only` throws outside React Server Components; in tests the server modules
      // run in plain Node, which is exactly where they are allowed.
      "server-only": here("./tests/support/server-only.ts"),
    },
  },
  test: {
    pool: "forks",
    // The default reporter hides why tests/e2e skipped (no Chromium, no build); this one says it.
    reporters: ["default", "./tests/support/e2e-skip-reporter.ts"],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: "tests",
          include: ["tests/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "tests/soak/**"],
          globalSetup: ["tests/support/global-setup.ts"],
          setupFiles: ["tests/support/golive-host.ts"],
        },
      },
      {
        // The soak (scripts/soak/main.ts) runs two app instances and a workload for a minute: it
        // runs after every other file, alone, so it neither slows their timeouts nor is
        // slowed by them. It makes its own database, so it needs no template.
        extends: true,
        test: {
          name: "soak",
          include: ["tests/soak/**/*.test.ts"],
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
