import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { type MachineFacts, parseAptPackages, preflight } from "../preflight/check.js";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { parseCli } from "./stack-args.js";

const USAGE = `usage: npm run preflight

Checks, before npm test runs anything, that this machine has what the tests need: root, the
Debian packages of .ci/apt-packages, Node 20, node_modules. Exit 0 ready, 1 something is missing
(each listed with the command that installs it).`;

/** The installed packages among `packages`, or undefined when dpkg-query is absent. */
function installedPackages(packages: string[]): Set<string> | undefined {
  const r = spawnSync("dpkg-query", ["-W", `--showformat=\${Package} \${Status}\\n`, ...packages], {
    encoding: "utf8",
  });
  if (r.error) return undefined;
  return new Set(
    r.stdout
      .split("\n")
      .filter((l) => l.endsWith(" install ok installed"))
      .map((l) => l.split(" ")[0].split(":")[0]),
  );
}

export function machineFacts(io: CliIo): MachineFacts {
  const packages = parseAptPackages(readFileSync(join(io.cwd, ".ci", "apt-packages"), "utf8"));
  const shared = join(io.cwd, "..", "shared", "toolchain", "install.sh");
  return {
    platform: process.platform,
    nodeVersion: process.version,
    uid: process.getuid?.(),
    packages,
    installed: installedPackages(packages),
    nodeModules: existsSync(join(io.cwd, "node_modules", ".bin", "tsx")),
    toolchain: io.env.LSU_PULUMI_BIN_DIR || (existsSync(shared) ? shared : undefined),
    realEngineRequired: io.env.REAL_ENGINE_REQUIRED === "1",
  };
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCli(argv, {}, USAGE, io);
  if ("exit" in parsed) return parsed.exit;
  const result = preflight(machineFacts(io));
  (result.ok ? io.stdout : io.stderr)(`${result.lines.join("\n")}\n`);
  return result.ok ? EXIT.ok : EXIT.refused;
}
