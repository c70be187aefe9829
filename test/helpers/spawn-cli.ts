import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { PROJECT_DIR } from "./fixtures.js";

const TSX = join(PROJECT_DIR, "node_modules", ".bin", "tsx");

/** Runs `tsx src/cli/index.ts NAME …` from the project root, as `npm run NAME` does. */
export function spawnCli(name: string, ...args: string[]) {
  return spawnSync(TSX, ["src/cli/index.ts", name, ...args], {
    cwd: PROJECT_DIR,
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 256 * 1024 * 1024,
  });
}
