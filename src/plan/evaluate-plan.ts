import { loadStackConfig, withPlaceholderSecrets } from "../config/stack-files.js";
import type { Analysis } from "../model/analyze.js";
import { analyzeStack, type DeclareOptions, declareHostingStack } from "../program.js";
import { installMocks, type RecordedResource, settle } from "./mock-engine.js";
import { withLeanStacks } from "./sdk-stacks.js";

export interface PlanEvaluation {
  stack: string;
  customersDir: string;
  analysis: Analysis;
  /** every registration of the program, in order; empty when the plan was refused */
  resources: RecordedResource[];
  outputs?: Awaited<ReturnType<typeof declareHostingStack>>;
}

/** Secrets the program requires that a stack file may not hold (they are set with --secret). */
export const REQUIRED_SECRETS = ["proxmoxve:apiToken", "cloudflare:apiToken", "hosting:edgeSshKey"];

export interface EvaluateOptions {
  projectDir: string;
  stack: string;
  customersDir: string;
  /** namespaced config values laid over the stack file's (tests, the benchmark) */
  overrides?: Record<string, string>;
  /** the same, as if set with --secret */
  secretOverrides?: Record<string, string>;
  /** how the program declares (tests only) */
  declare?: DeclareOptions;
}

/**
 * Runs the real program — the same analysis and declarations `pulumi up` runs — under Pulumi's
 * mock engine with the stack's config. No credentials and no network are needed.
 */
export function evaluatePlan(options: EvaluateOptions): Promise<PlanEvaluation> {
  return withLeanStacks(() => failingOnRejections(() => evaluate(options)));
}

/**
 * A value the program computes inside an Output (a secret's format, checked where it is used) and
 * that fails rejects a registration; the engine then fails the deployment from its unhandled
 * rejection. The plan fails the same way, with that error, instead of printing a partial plan.
 */
async function failingOnRejections<T>(evaluation: () => Promise<T>): Promise<T> {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => rejections.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    const result = await evaluation();
    await new Promise((resolve) => setImmediate(resolve));
    if (rejections.length > 0) throw rejections[0];
    return result;
  } finally {
    process.off("unhandledRejection", onRejection);
  }
}

async function evaluate(options: EvaluateOptions): Promise<PlanEvaluation> {
  const loaded = loadStackConfig(options.projectDir, options.stack);
  const secret = options.secretOverrides ?? {};
  const stackConfig = withPlaceholderSecrets(
    {
      ...loaded,
      config: { ...loaded.config, ...options.overrides, ...secret },
      secretKeys: [...loaded.secretKeys, ...Object.keys(secret)],
    },
    REQUIRED_SECRETS,
  );
  const run = await installMocks({
    project: stackConfig.project,
    stack: options.stack,
    config: stackConfig.config,
    secretKeys: stackConfig.secretKeys,
  });
  const analysis = analyzeStack({
    customersDir: options.customersDir,
    configFile: stackConfig.stackFile,
  });
  const base = { stack: options.stack, customersDir: options.customersDir, analysis };
  if (!analysis.plan) return { ...base, resources: [] };
  const outputs = await declareHostingStack(analysis.plan, options.declare);
  await settle();
  return { ...base, resources: run.resources, outputs };
}
