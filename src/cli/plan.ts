import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, join } from "node:path";
import { DEBIAN_EDGE_PATHS } from "../edge/paths.js";
import { renderEdgeFiles } from "../edge/render-all.js";
import {
  discordConfigured,
  pveExporterConfigured,
  renderMonitoringFiles,
} from "../monitoring/render.js";
import { isDestructive } from "../plan/diff/diff-plans.js";
import { type DiffRun, evaluateDiff } from "../plan/diff/evaluate-diff.js";
import { evaluatePlan, type PlanEvaluation } from "../plan/evaluate-plan.js";
import { planJson } from "../plan/report-json.js";
import { planText } from "../plan/report-text.js";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { parseStackCli, type StackCliValues, usageError } from "./stack-args.js";

const USAGE = `usage: npm run plan -- [--stack NAME] [--customers DIR] [--json] [--render DIR]
       npm run plan -- --diff REF [--allow-destructive] [--stack NAME] [--customers DIR]

Evaluates the Pulumi program under Pulumi's mock engine with the stack's config: no credentials,
no network. Exit codes: 0 valid plan, 1 invalid input or over capacity, 2 bad usage.

  --stack NAME      stack whose Pulumi.NAME.yaml is read (default beta)
  --customers DIR   folder of customer files, with DIR/.retired.yaml (default customers)
  --json            print one JSON document instead of text
  --render DIR      also write every file and script the edge and the monitoring host would
                    receive into DIR
  --diff REF        print a Markdown summary of the changes against git revision REF (for a pull
                    request); exit 1 when a change would replace, delete or damage a customer VM
  --allow-destructive  with --diff: report such changes but exit 0`;

/** `npm run plan`: the whole program under the mock engine, as text or JSON. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseStackCli(
    argv,
    {
      json: { type: "boolean", default: false },
      render: { type: "string" },
      diff: { type: "string" },
      "allow-destructive": { type: "boolean", default: false },
    },
    USAGE,
    io,
  );
  if ("exit" in parsed) return parsed.exit;
  const args = parsed.values;
  if (typeof args.diff === "string") return runDiff(args.diff, args, io);
  let evaluation: PlanEvaluation;
  try {
    evaluation = await evaluatePlan({
      projectDir: io.cwd,
      stack: args.stack,
      customersDir: args.customers,
    });
  } catch (e) {
    io.stderr(`${(e as Error).message}\n`);
    return EXIT.usage;
  }
  let rendered = "";
  const renderDir = args.render as string | undefined;
  if (renderDir && evaluation.analysis.plan) {
    const files = {
      ...renderEdgeFiles(evaluation.analysis.plan, DEBIAN_EDGE_PATHS),
      ...renderMonitoringFiles(evaluation.analysis.plan, {
        discord: discordConfigured(evaluation.resources),
        pveExporter: pveExporterConfigured(evaluation.resources),
      }),
    };
    writeTree(isAbsolute(renderDir) ? renderDir : join(io.cwd, renderDir), files);
    rendered = `\nRendered ${Object.keys(files).length} files into ${renderDir}\n`;
  }
  io.stdout(
    args.json
      ? `${JSON.stringify(planJson(evaluation), null, 2)}\n`
      : `${planText(evaluation)}\n${rendered}`,
  );
  return evaluation.analysis.plan ? EXIT.ok : EXIT.refused;
}

/** `--diff REF`: the Markdown summary on stdout; exit 1 on a refused plan or a dangerous change. */
async function runDiff(ref: string, args: StackCliValues, io: CliIo): Promise<number> {
  if (args.json || args.render)
    return usageError("--diff takes neither --json nor --render", USAGE, io).exit;
  const allowDestructive = args["allow-destructive"] === true;
  let result: DiffRun;
  try {
    result = await evaluateDiff({
      projectDir: io.cwd,
      stack: args.stack,
      customersDir: isAbsolute(args.customers) ? args.customers : join(io.cwd, args.customers),
      customersLabel: args.customers,
      ref,
      allowDestructive,
    });
  } catch (e) {
    io.stderr(`${(e as Error).message.trim()}\n`);
    return EXIT.usage;
  }
  io.stdout(`${result.markdown}\n`);
  if (!result.after.plan) {
    io.stderr("the changed customer files or config are refused (see the summary)\n");
    return EXIT.refused;
  }
  if (isDestructive(result.diff) && !allowDestructive) {
    io.stderr(
      `${result.diff.dangerous.length} change(s) would replace, delete or damage a customer VM; pass --allow-destructive only if that is intended\n`,
    );
    return EXIT.refused;
  }
  return EXIT.ok;
}

/** Replaces the project's own output folders under `dir` with `files`; nothing else is touched. */
function writeTree(dir: string, files: Record<string, string>) {
  for (const top of new Set(Object.keys(files).map((f) => f.split("/")[0]))) {
    rmSync(join(dir, top), { recursive: true, force: true });
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text, { mode: path.endsWith(".sh") ? 0o755 : 0o644 });
  }
}
