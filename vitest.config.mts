import { defineConfig } from "vitest/config";

// Each test file runs in its own process (pool "forks", isolate true): Pulumi's runtime state lives
// on globalThis and must not leak between files. Two files run at a time (the machine has two
// cores), except the network lab's: its timing checks (a control that must time out, forwarded
// SSH after a reboot) run after everything else, one file at a time, with the machine to itself.
const shared = {
  environment: "node",
  testTimeout: 60_000,
  hookTimeout: 60_000,
} as const;

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          ...shared,
          name: "main",
          include: ["test/**/*.test.ts"],
          exclude: ["test/lab/**"],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          ...shared,
          name: "lab",
          include: ["test/lab/**/*.test.ts"],
          maxWorkers: 1,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
