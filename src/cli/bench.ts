import { rmSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { syntheticOverrides, writeSyntheticCustomers } from "../bench/synthetic.js";
import { evaluatePlan } from "../plan/evaluate-plan.js";
import { installMocks, settle } from "../plan/mock-engine.js";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { parseCli, usageError } from "./stack-args.js";

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
  await installMocks({
    project: "lightspeedup-hosting",
    stack: "bench",
    config: {},
    secretKeys: [],
  });
  const start = performance.now();
  for (let i = 0; i < resources; i++) new Plain(`plain-${i}`);
  await settle();
  return performance.now() - start;
}

async function planOnce(
  dir: string,
  projectDir: string,
): Promise<{ ms: number; resources: number }> {
  const start = performance.now();
  const result = await evaluatePlan({
    projectDir,
    stack: "beta",
    customersDir: dir,
    overrides: syntheticOverrides(),
  });
  const ms = performance.now() - start;
  if (!result.analysis.plan)
    throw new Error(`synthetic plan refused: ${result.analysis.issues[0]?.message}`);
  return { ms, resources: result.resources.length };
}

const USAGE = `usage: npm run bench -- [--sizes 10,100,1000]

Plans generated customers under the mock engine and compares the wall time with a baseline that
registers as many plain resources in the same engine.`;

/** `npm run bench`: plan time against the plain-resource baseline, per size. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCli<{ sizes: string }>(
    argv,
    { sizes: { type: "string", default: "10,100,1000" } },
    USAGE,
    io,
  );
  if ("exit" in parsed) return parsed.exit;
  const sizes = parsed.values.sizes.split(",").map(Number);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    return usageError("--sizes takes whole numbers such as 10,100,1000", USAGE, io).exit;
  }
  const rows: string[] = ["customers  resources   plan ms  baseline ms  ratio"];
  for (const size of sizes) {
    const dir = writeSyntheticCustomers(size);
    try {
      const plan = await planOnce(dir, io.cwd);
      const base = await baseline(plan.resources);
      rows.push(
        `${String(size).padStart(9)}  ${String(plan.resources).padStart(9)}  ${plan.ms.toFixed(0).padStart(8)}  ${base.toFixed(0).padStart(11)}  ${(plan.ms / base).toFixed(2).padStart(5)}`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  io.stdout(`${rows.join("\n")}\n`);
  return EXIT.ok;
}
