import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    include: ["test/**/*.test.ts"],
    // Each test file runs in its own process (pool "forks", isolate true): Pulumi's runtime state
    // lives on globalThis and must not leak between files.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
