import { rmSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { median, type Timing, timed } from "../bench/measure.js";
import { syntheticOverrides, writeSyntheticCustomers } from "../bench/synthetic.js";
import { evaluatePlan } from "../plan/evaluate-plan.js";
import { installMocks, settle } from "../plan/mock-engine.js";
import { withLeanStacks } from "../plan/sdk-stacks.js";
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

/** The same engine and the same stack-trace conditions as `evaluatePlan`. */
async function baseline(resources: number): Promise<Timing> {
  const { timing } = await timed(() =>
    withLeanStacks(async () => {
      await installMocks({
        project: "lightspeedup-hosting",
        stack: "bench",
        config: {},
        secretKeys: [],
      });
      for (let i = 0; i < resources; i++) new Plain(`plain-${i}`);
      await settle();
    }),
  );
  return timing;
}

async function plan(dir: string, projectDir: string): Promise<Timing & { resources: number }> {
  const { result, timing } = await timed(() =>
    evaluatePlan({
      projectDir,
      stack: "beta",
      customersDir: dir,
      overrides: syntheticOverrides(),
    }),
  );
  if (!result.analysis.plan)
    throw new Error(`synthetic plan refused: ${result.analysis.issues[0]?.message}`);
  return { ...timing, resources: result.resources.length };
}

/**
 * Runs plan and baseline `repeat` times, alternating which goes first (the first run also pays
 * for the garbage the other one left), and returns per-pair medians.
 */
async function measure(size: number, projectDir: string, repeat: number) {
  const dir = writeSyntheticCustomers(size);
  const pairs: { plan: Timing; base: Timing }[] = [];
  let resources = 0;
  try {
    for (let i = 0; i < repeat; i++) {
      if (i % 2 === 1) {
        const base = await baseline(resources);
        pairs.push({ plan: await plan(dir, projectDir), base });
      } else {
        const p = await plan(dir, projectDir);
        resources = p.resources;
        pairs.push({ plan: p, base: await baseline(resources) });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const m = (f: (p: { plan: Timing; base: Timing }) => number) => median(pairs.map(f));
  return {
    size,
    resources,
    planMs: m((p) => p.plan.wallMs),
    baseMs: m((p) => p.base.wallMs),
    ratio: m((p) => p.plan.wallMs / p.base.wallMs),
    cpuRatio: m((p) => p.plan.cpuMs / p.base.cpuMs),
    ratios: pairs.map((p) => p.plan.wallMs / p.base.wallMs),
  };
}

const USAGE = `usage: npm run bench -- [--sizes 10,100,1000] [--repeat 1]

Plans generated customers under the mock engine and compares the wall time with a baseline that
registers as many plain resources in the same engine. With --repeat N each size runs N pairs and
the table shows medians ("cpu ratio" compares process CPU time, steadier on a busy machine).`;

/** `npm run bench`: plan time against the plain-resource baseline, per size. */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCli<{ sizes: string; repeat: string }>(
    argv,
    {
      sizes: { type: "string", default: "10,100,1000" },
      repeat: { type: "string", default: "1" },
    },
    USAGE,
    io,
  );
  if ("exit" in parsed) return parsed.exit;
  const sizes = parsed.values.sizes.split(",").map(Number);
  const repeat = Number(parsed.values.repeat);
  if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    return usageError("--sizes takes whole numbers such as 10,100,1000", USAGE, io).exit;
  }
  if (!Number.isInteger(repeat) || repeat < 1) {
    return usageError("--repeat takes a whole number such as 3", USAGE, io).exit;
  }
  const rows = ["customers  resources   plan ms  baseline ms  ratio  cpu ratio  each ratio"];
  for (const size of sizes) {
    const r = await measure(size, io.cwd, repeat);
    const each = r.ratios.map((x) => x.toFixed(2)).join(" ");
    rows.push(
      `${String(size).padStart(9)}  ${String(r.resources).padStart(9)}  ${r.planMs.toFixed(0).padStart(8)}  ${r.baseMs.toFixed(0).padStart(11)}  ${r.ratio.toFixed(2).padStart(5)}  ${r.cpuRatio.toFixed(2).padStart(9)}  ${each}`,
    );
  }
  io.stdout(`${rows.join("\n")}\n`);
  return EXIT.ok;
}
