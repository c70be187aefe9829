import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { DEBIAN_EDGE_PATHS } from "../edge/paths.js";
import { renderEdgeFiles } from "../edge/render-all.js";
import { evaluatePlan } from "../plan/evaluate-plan.js";
import { planJson } from "../plan/report-json.js";
import { planText } from "../plan/report-text.js";
import { parseStackCli } from "./stack-args.js";

const USAGE = `usage: npm run plan -- [--stack NAME] [--customers DIR] [--json] [--render DIR]

Evaluates the Pulumi program under Pulumi's mock engine with the stack's config: no credentials,
no network. Exit codes: 0 valid plan, 1 invalid input or over capacity, 2 bad usage.

  --stack NAME      stack whose Pulumi.NAME.yaml is read (default beta)
  --customers DIR   folder of customer files, with DIR/.retired.yaml (default customers)
  --json            print one JSON document instead of text
  --render DIR      also write every file and script the edge would receive into DIR`;

async function main(argv: string[]): Promise<number> {
  const parsed = parseStackCli(argv, { json: { type: "boolean", default: false }, render: { type: "string" } }, USAGE);
  if ("exit" in parsed) return parsed.exit;
  const args = parsed.values;
  let evaluation;
  try {
    evaluation = await evaluatePlan({ projectDir: process.cwd(), stack: args.stack, customersDir: args.customers });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  let rendered = "";
  if (args.render && evaluation.analysis.plan) {
    const { config, customers } = evaluation.analysis.plan;
    const files = renderEdgeFiles(customers, config, DEBIAN_EDGE_PATHS, { email: config.adminEmail, server: config.acmeServer });
    writeTree(String(args.render), files);
    rendered = `\nRendered ${Object.keys(files).length} files into ${args.render}\n`;
  }
  process.stdout.write(args.json ? `${JSON.stringify(planJson(evaluation), null, 2)}\n` : `${planText(evaluation)}\n${rendered}`);
  return evaluation.analysis.plan ? 0 : 1;
}

/** Replaces the project's own output folders under `dir` with `files`; nothing else is touched. */
function writeTree(dir: string, files: Record<string, string>) {
  for (const top of new Set(Object.keys(files).map((f) => f.split("/")[0]))) rmSync(join(dir, top), { recursive: true, force: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text, { mode: path.endsWith(".sh") ? 0o755 : 0o644 });
  }
}

main(process.argv.slice(2)).then(
  // Exit only once stdout is flushed: a large --json document goes through a pipe.
  (code) => process.stdout.write("", () => process.exit(code)),
  (e) => {
    process.stderr.write(`plan failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
