import { rmSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { declareReplay, type ReplayedRegistration, replayOf } from "../bench/floor.js";
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

/** Runs `declare` in the same engine and the same stack-trace conditions as `evaluatePlan`. */
async function inBareEngine(declare: () => Promise<void> | void): Promise<Timing> {
  const { timing } = await timed(() =>
    withLeanStacks(async () => {
      await installMocks({
        project: "lightspeedup-hosting",
        stack: "bench",
        config: {},
        secretKeys: [],
      });
      await declare();
      await settle();
    }),
  );
  return timing;
}

const baseline = (resources: number) =>
  inBareEngine(() => {
    for (let i = 0; i < resources; i++) new Plain(`plain-${i}`);
  });

/** The plan's registrations alone, yielding as often as the plan does (once per customer). */
const floor = (replay: ReplayedRegistration[], customers: number, tree: boolean) =>
  inBareEngine(() =>
    declareReplay(replay, Math.max(1, Math.round(replay.length / customers)), tree),
  );

async function plan(
  dir: string,
  projectDir: string,
): Promise<Timing & { replay: ReplayedRegistration[] }> {
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
  return { ...timing, replay: replayOf(result.resources) };
}

interface Round {
  plan: Timing;
  base: Timing;
  tree: Timing;
  floor: Timing;
}

/**
 * Runs plan, baseline and both floors `repeat` times, alternating whether the plan goes first (the
 * first run also pays for the garbage the others left), and returns per-run medians.
 */
async function measure(size: number, projectDir: string, repeat: number) {
  const dir = writeSyntheticCustomers(size);
  const runs: Round[] = [];
  let resources = 0;
  try {
    const first = await plan(dir, projectDir);
    const { replay } = first;
    resources = replay.length;
    const others = async () => ({
      base: await baseline(resources),
      tree: await floor(replay, size, true),
      floor: await floor(replay, size, false),
    });
    runs.push({ plan: first, ...(await others()) });
    for (let i = 1; i < repeat; i++) {
      if (i % 2 === 1) {
        const o = await others();
        runs.push({ plan: await plan(dir, projectDir), ...o });
      } else {
        const p = await plan(dir, projectDir);
        runs.push({ plan: p, ...(await others()) });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const m = (f: (p: Round) => number) => median(runs.map(f));
  return {
    size,
    resources,
    planMs: m((p) => p.plan.wallMs),
    treeMs: m((p) => p.tree.wallMs),
    floorMs: m((p) => p.floor.wallMs),
    baseMs: m((p) => p.base.wallMs),
    ratio: m((p) => p.plan.wallMs / p.base.wallMs),
    treeRatio: m((p) => p.tree.wallMs / p.base.wallMs),
    floorRatio: m((p) => p.floor.wallMs / p.base.wallMs),
    cpuRatio: m((p) => p.plan.cpuMs / p.base.cpuMs),
    ratios: runs.map((p) => p.plan.wallMs / p.base.wallMs),
  };
}

const USAGE = `usage: npm run bench -- [--sizes 10,100,1000] [--repeat 1]

Plans generated customers under the mock engine and compares the wall time with a baseline that
registers as many plain resources in the same engine ("ratio"). The floors declare the plan's own
registrations again with none of the program around them (same types, names and inputs): "tree"
with their parents and dependencies, "floor" without. Their ratios are what registering those
resources costs the SDK by itself; the plan's time beyond the tree is the project's own work.
With --repeat N each size runs N rounds and the table shows medians ("cpu ratio" compares
process CPU time, steadier on a busy machine).`;

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
  const rows = [
    "customers  resources   plan ms   tree ms  floor ms  baseline ms  ratio  tree ratio  floor ratio  cpu ratio  each ratio",
  ];
  for (const size of sizes) {
    const r = await measure(size, io.cwd, repeat);
    const each = r.ratios.map((x) => x.toFixed(2)).join(" ");
    rows.push(
      [
        String(size).padStart(9),
        String(r.resources).padStart(9),
        r.planMs.toFixed(0).padStart(8),
        r.treeMs.toFixed(0).padStart(8),
        r.floorMs.toFixed(0).padStart(8),
        r.baseMs.toFixed(0).padStart(11),
        r.ratio.toFixed(2).padStart(5),
        r.treeRatio.toFixed(2).padStart(10),
        r.floorRatio.toFixed(2).padStart(11),
        r.cpuRatio.toFixed(2).padStart(9),
        each,
      ].join("  "),
    );
  }
  io.stdout(`${rows.join("\n")}\n`);
  return EXIT.ok;
}
