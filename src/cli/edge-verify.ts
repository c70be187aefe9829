import { existsSync } from "node:fs";
import { DEBIAN_EDGE_PATHS } from "../edge/paths.js";
import { verifyManifest } from "../edge/verify/manifest.js";
import { parseVerifyOutput } from "../edge/verify/report.js";
import { runOnEdge } from "../edge/verify/ssh.js";
import { renderVerifyScript } from "../edge/verify/verify-script.js";
import type { HostingPlan } from "../model/analyze.js";
import { formatIssue } from "../model/issues.js";
import { monitoringFilesOnEdge } from "../monitoring/on-edge.js";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { analyzeStackFiles } from "./stack-analysis.js";
import { parseStackCli } from "./stack-args.js";

const USAGE = `usage: npm run edge:verify -- [--stack NAME] [--customers DIR] [--identity FILE] [--json]

Read-only SSH check of the edge VM (host key pinned by hosting:edgeSsh.hostKey): compares the
project's files (the monitoring units' there too; one that carries a secret only for presence),
chains, sysctl values, networkd files and certificate lineages on VM120 with the rendered ones.
Exit codes: 0 no difference, 1 differences (each listed) or invalid plan, 2 bad usage or no
connection.

  --stack NAME      stack whose Pulumi.NAME.yaml is read (default beta)
  --customers DIR   folder of customer files (default customers)
  --identity FILE   SSH private key (default: LSU_EDGE_SSH_KEY_FILE, else the ssh agent)
  --json            print one JSON document: {ok, edge, differences, notes, errors}`;

/**
 * The manifest of VM120 for a stack: the edge's units, and the monitoring units there as far as
 * the secrets the stack sets (`secretKeys`, from its Pulumi.<stack>.yaml) make them exist.
 */
export function edgeManifest(plan: HostingPlan, secretKeys: readonly string[]): string {
  const monitoring = monitoringFilesOnEdge(plan, {
    discord: secretKeys.includes("hosting:monitoringDiscordWebhook"),
    pveExporter: secretKeys.includes("hosting:monitoringPveToken"),
  });
  return verifyManifest(plan, DEBIAN_EDGE_PATHS, monitoring);
}

/** `npm run edge:verify`: the read-only comparison of VM120 with the plan. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseStackCli(
    argv,
    { identity: { type: "string" }, json: { type: "boolean", default: false } },
    USAGE,
    io,
  );
  if ("exit" in parsed) return parsed.exit;
  const args = parsed.values;
  const identity = (args.identity as string | undefined) ?? io.env.LSU_EDGE_SSH_KEY_FILE;
  if (identity && !existsSync(identity)) {
    io.stderr(`--identity ${identity}: no such file\n`);
    return EXIT.usage;
  }
  let analysis: ReturnType<typeof analyzeStackFiles>;
  try {
    analysis = analyzeStackFiles({
      projectDir: io.cwd,
      stack: args.stack,
      customersDir: args.customers,
    });
  } catch (e) {
    io.stderr(`${(e as Error).message}\n`);
    return EXIT.usage;
  }
  const json = args.json === true;
  if (!analysis.plan) {
    const errors = analysis.issues.map(formatIssue);
    io.stdout(
      json
        ? `${JSON.stringify({ ok: false, differences: [], notes: [], errors }, null, 2)}\n`
        : `The plan is invalid; fix it before verifying the edge:\n${errors.join("\n")}\n`,
    );
    return EXIT.refused;
  }
  const { config } = analysis.plan;
  const result = runOnEdge(
    config,
    renderVerifyScript(DEBIAN_EDGE_PATHS),
    edgeManifest(analysis.plan, analysis.secretKeys),
    identity,
  );
  const edge = `${config.edgeSsh.user}@${config.edgeSsh.host}`;
  io.stdout(
    json
      ? `${JSON.stringify({ ...parseVerifyOutput(result.stdout, result.code), edge, errors: [] }, null, 2)}\n`
      : result.stdout,
  );
  if (result.code !== EXIT.ok && result.code !== EXIT.refused) {
    io.stderr(
      `could not run the check on ${config.edgeSsh.user}@${config.edgeSsh.host}: ${result.stderr.trim() || `exit ${result.code}`}\n`,
    );
    return EXIT.usage;
  }
  return result.code;
}
