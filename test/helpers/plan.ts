import { join } from "node:path";
import { SECRET_CONFIG_KEYS } from "../../src/config/schema.js";
import { evaluatePlan, type PlanEvaluation } from "../../src/plan/evaluate-plan.js";
import type { RecordedResource } from "../../src/plan/mock-engine.js";
import { PROJECT_DIR } from "./fixtures.js";

/** Runs the real program under the mock engine on the beta stack with the given customers folder. */
export function runPlan(
  customersDir: string,
  overrides: Record<string, unknown> = {},
): Promise<PlanEvaluation> {
  const text = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
  // secret keys are passed as if set with --secret (a plain one is refused: test/config)
  const entries = Object.entries(overrides).map(([k, v]) => [k, text(v)] as const);
  const isSecret = ([k]: readonly [string, string]) => SECRET_CONFIG_KEYS.includes(k);
  return evaluatePlan({
    projectDir: PROJECT_DIR,
    stack: "beta",
    customersDir,
    overrides: Object.fromEntries(entries.filter((e) => !isSecret(e))),
    secretOverrides: Object.fromEntries(entries.filter(isSecret)),
  });
}

export const examples = (name: "customers" | "edge-cases") => join(PROJECT_DIR, "examples", name);

export function find(resources: RecordedResource[], type: string, name: string): RecordedResource {
  const found = resources.filter((r) => r.type === type && r.name === name);
  if (found.length !== 1) throw new Error(`expected one ${type} ${name}, found ${found.length}`);
  return found[0];
}

export const T = {
  customer: "lightspeedup:hosting:Customer",
  customerVm: "lightspeedup:hosting:CustomerVm",
  isolatedNetwork: "lightspeedup:hosting:IsolatedNetwork",
  vm: "proxmoxve:index/vmLegacy:VmLegacy",
  pool: "proxmoxve:index/poolLegacy:PoolLegacy",
  bridge: "proxmoxve:network/linux/bridge:Bridge",
  fwOptions: "proxmoxve:firewall/optionsLegacy:OptionsLegacy",
  ipset: "proxmoxve:firewall/ipsetLegacy:IpsetLegacy",
  rules: "proxmoxve:firewall/rulesLegacy:RulesLegacy",
  group: "proxmoxve:cluster/firewall/security/groupLegacy:GroupLegacy",
  job: "proxmoxve:backup/job:Job",
  provider: "pulumi:providers:proxmoxve",
} as const;
