import { defineConfig } from "vitest/config";

/**
 * Each test file runs in its own process (pool "forks", isolate true): Pulumi's runtime state
 * lives on globalThis and must not leak between files. Two files run at a time (most wait on
 * nginx, certbot, pip or the Pulumi CLI); the files whose probes measure time (the network lab,
 * the edge's packets, a real Prometheus scraping) run afterwards, one at a time, so a busy
 * neighbour cannot make a probe time out.
 */
const timed = [
  "test/lab/**/*.test.ts",
  "test/edge/network.test.ts",
  "test/monitoring/namespace.test.ts",
  "test/monitoring/report.test.ts",
];

const shared = { environment: "node", testTimeout: 60_000, hookTimeout: 60_000 } as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: "parallel",
          include: ["test/**/*.test.ts"],
          exclude: timed,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: "one-at-a-time",
          include: timed,
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
