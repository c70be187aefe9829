import * as pulumi from "@pulumi/pulumi";
import { rmSync } from "node:fs";
import { parseArgs } from "node:util";
import { syntheticOverrides, writeSyntheticCustomers } from "../bench/synthetic.js";
import { installMocks, settle } from "../plan/mock-engine.js";
import { evaluatePlan } from "../plan/evaluate-plan.js";

/**
 * `npm run bench`: wall time of the whole plan (load, validate, declare under the mock engine) for
 * generated customers, against a baseline that registers as many plain resources in the same engine.
 */
class Plain extends pulumi.CustomResource {
  constructor(name: string) {
    super("bench:index:Plain", name, { value: name });
  }
}

async function baseline(resources: number): Promise<number> {
  await installMocks({ project: "lightspeedup-hosting", stack: "bench", config: {}, secretKeys: [] });
  const start = performance.now();
  for (let i = 0; i < resources; i++) new Plain(`plain-${i}`);
  await settle();
  return performance.now() - start;
}

async function planOnce(dir: string): Promise<{ ms: number; resources: number }> {
  const start = performance.now();
  const result = await evaluatePlan({ projectDir: process.cwd(), stack: "beta", customersDir: dir, overrides: syntheticOverrides() });
  const ms = performance.now() - start;
  if (!result.analysis.plan) throw new Error(`synthetic plan refused: ${result.analysis.issues[0]?.message}`);
  return { ms, resources: result.resources.length };
}

async function main() {
  const { values } = parseArgs({ options: { sizes: { type: "string", default: "10,100,1000" } } });
  const sizes = values.sizes.split(",").map(Number);
  const rows: string[] = ["customers  resources   plan ms  baseline ms  ratio"];
  for (const size of sizes) {
    const dir = writeSyntheticCustomers(size);
    try {
      const plan = await planOnce(dir);
      const base = await baseline(plan.resources);
      rows.push(
        `${String(size).padStart(9)}  ${String(plan.resources).padStart(9)}  ${plan.ms.toFixed(0).padStart(8)}  ${base.toFixed(0).padStart(11)}  ${(plan.ms / base).toFixed(2).padStart(5)}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  process.stdout.write(`${rows.join("\n")}\n`);
}

main().then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
