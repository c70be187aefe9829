import { existsSync } from "node:fs";
import { decodeHostingConfig } from "../config/decode.js";
import { loadStackConfig } from "../config/stack-files.js";
import { DEBIAN_EDGE_PATHS } from "../edge/paths.js";
import { verifyManifest } from "../edge/verify/manifest.js";
import { runOnEdge } from "../edge/verify/ssh.js";
import { renderVerifyScript } from "../edge/verify/verify-script.js";
import { analyze } from "../model/analyze.js";
import { formatIssue } from "../model/issues.js";
import { parseStackCli } from "./stack-args.js";

const USAGE = `usage: npm run edge:verify -- [--stack NAME] [--customers DIR] [--identity FILE]

Read-only SSH check of the edge VM (host key pinned by hosting:edgeSsh.hostKey): compares the
project's files, chains, sysctl values, networkd files and certificate lineages on VM120 with the
rendered ones. Exit codes: 0 no difference, 1 differences (each listed) or invalid plan, 2 bad
usage or no connection.

  --stack NAME      stack whose Pulumi.NAME.yaml is read (default beta)
  --customers DIR   folder of customer files (default customers)
  --identity FILE   SSH private key (default: LSU_EDGE_SSH_KEY_FILE, else the ssh agent)`;

function main(argv: string[]): number {
  const parsed = parseStackCli(argv, { identity: { type: "string" } }, USAGE);
  if ("exit" in parsed) return parsed.exit;
  const args = parsed.values;
  const identity = (args.identity as string | undefined) ?? process.env.LSU_EDGE_SSH_KEY_FILE;
  if (identity && !existsSync(identity)) {
    process.stderr.write(`--identity ${identity}: no such file\n`);
    return 2;
  }
  let stack;
  try {
    stack = loadStackConfig(process.cwd(), args.stack);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  const analysis = analyze({
    configValues: decodeHostingConfig((key) => stack.config[`hosting:${key}`]),
    configFile: stack.stackFile,
    customersDir: args.customers,
  });
  if (!analysis.plan) {
    process.stdout.write(`The plan is invalid; fix it before verifying the edge:\n${analysis.issues.map(formatIssue).join("\n")}\n`);
    return 1;
  }
  const { config, customers } = analysis.plan;
  const result = runOnEdge(config, renderVerifyScript(DEBIAN_EDGE_PATHS), verifyManifest(customers, config, DEBIAN_EDGE_PATHS), identity);
  process.stdout.write(result.stdout);
  if (result.code !== 0 && result.code !== 1) {
    process.stderr.write(`could not run the check on ${config.edgeSsh.user}@${config.edgeSsh.host}: ${result.stderr.trim() || `exit ${result.code}`}\n`);
    return 2;
  }
  return result.code;
}

process.exitCode = main(process.argv.slice(2));
