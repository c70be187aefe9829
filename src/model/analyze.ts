import { type CapacityReport, capacityTable } from "../capacity/capacity.js";
import { PLACEHOLDERS } from "../config/placeholders.js";
import type { HostingConfig } from "../config/schema.js";
import { type ConfigLocate, validateHostingConfig } from "../config/validate-config.js";
import { TIERS } from "../tiers/index.js";
import { buildHostingPlan, type HostingPlan } from "./hosting-plan.js";
import { type PlanIssue, sortIssues } from "./issues.js";
import { type LoadedCustomer, type LoadedCustomers, loadCustomers } from "./load-customers.js";
import { validateCustomers } from "./validate-customers.js";

/** Declared with its builder in hosting-plan.ts; re-exported for existing importers. */
export type { HostingPlan } from "./hosting-plan.js";

export interface Analysis {
  /** present only when there are no issues */
  plan?: HostingPlan;
  issues: PlanIssue[];
  warnings: string[];
  /** computed whenever the files are valid, also when the plan is refused for capacity */
  capacity?: CapacityReport;
}

export interface AnalyzeInput {
  /** merged hosting:* values, key without namespace */
  configValues: Record<string, unknown>;
  /** where the config came from, for messages (e.g. Pulumi.beta.yaml) */
  configFile: string;
  /** finds the file and line of a config field (config/stack-files.ts configLocator) */
  configLocate?: ConfigLocate;
  customersDir: string;
  /** secret config keys the stack holds in plain text (each is refused) */
  plaintextSecrets?: readonly string[];
}

/** Validates config and every customer file together and builds the plan; any issue → no plan. */
export function analyze(input: AnalyzeInput): Analysis {
  const validated = validateHostingConfig(input.configValues, input.configFile, input.configLocate);
  const { config } = validated;
  const configIssues = [
    ...validated.issues,
    ...(input.plaintextSecrets ?? []).map((key) => ({
      file: input.configFile,
      path: key,
      message: `is a secret but is stored in plain text; set it with: pulumi config set --secret ${key}`,
    })),
  ];
  let loaded: LoadedCustomers;
  try {
    loaded = loadCustomers(input.customersDir);
  } catch (e) {
    return {
      issues: [
        ...configIssues,
        {
          file: input.customersDir,
          path: "",
          message: `cannot read the customers folder: ${(e as Error).message}`,
        },
      ],
      warnings: [],
    };
  }
  if (!config) return { issues: sortIssues([...configIssues, ...loaded.issues]), warnings: [] };
  const issues = [...configIssues, ...loaded.issues, ...validateCustomers(loaded, config)];
  if (issues.length > 0) return { issues: sortIssues(issues), warnings: [] };

  const plan = buildHostingPlan(loaded.customers, config);
  const refusals = planRefusals(plan, input);
  const warnings = planWarnings(plan, loaded.customers);
  if (refusals.length > 0) return { issues: refusals, warnings, capacity: plan.capacity };
  return { plan, issues: [], warnings, capacity: plan.capacity };
}

const unisolatedCustomers = (plan: HostingPlan) =>
  `the datacenter firewall is off, so no VM firewall rule is enforced and these community customers are not isolated from the LAN or each other: ${
    plan.customers
      .filter((c) => TIERS[c.network.kind].exposedWithoutDatacenterFirewall)
      .map((c) => c.name)
      .join(", ") || "(none)"
  }`;

/** Whole-plan reasons to declare nothing: over capacity, or the datacenter firewall off unaccepted. */
function planRefusals(plan: HostingPlan, input: AnalyzeInput): PlanIssue[] {
  const refusals: PlanIssue[] = [];
  const { capacity, config } = plan;
  if (!capacity.ok) {
    refusals.push({
      file: input.customersDir,
      path: "",
      message: `the plan is over the host's capacity: ${capacity.errors.join("; ")}\n${capacityTable(capacity)}`,
    });
  }
  if (!config.datacenterFirewall && !config.acceptNoIsolation) {
    refusals.push({
      file: input.configFile,
      path: "hosting:datacenterFirewall",
      message: `is false: ${unisolatedCustomers(plan)}. Turn the firewall on (docs/runbooks/setup.md) and set it to true, or set hosting:acceptNoIsolation: true to accept the risk`,
    });
  }
  return refusals;
}

function planWarnings(plan: HostingPlan, files: readonly LoadedCustomer[]): string[] {
  const { config } = plan;
  const warnings = plan.capacity.warnings.map((w) => `capacity ${w}`);
  if (!config.datacenterFirewall && config.acceptNoIsolation)
    warnings.push(`${unisolatedCustomers(plan)} (accepted by hosting:acceptNoIsolation)`);
  if (!config.backup.proxmoxBackupServer && plan.backupJobs.some((j) => j.schedule === "hourly")) {
    warnings.push(
      `the hourly enterprise backup job writes to ${config.backup.storage}, which is not Proxmox Backup Server: every run is a full copy (estimated backup space ${plan.backupSpace.totalGb.toLocaleString("en-US")} GiB)`,
    );
  }
  for (const { file, customer } of files)
    warnings.push(...TIERS[customer.network].warnings(customer, file));
  warnings.push(...placeholderWarnings(config));
  return warnings;
}

function placeholderWarnings(config: HostingConfig): string[] {
  const found: string[] = [];
  if (config.publicIp === PLACEHOLDERS.publicIp) found.push("hosting:publicIp");
  for (const [zone, id] of Object.entries(config.zones))
    if (id === PLACEHOLDERS.zoneId) found.push(`hosting:zones.${zone}`);
  if (config.edgeSsh.hostKey === PLACEHOLDERS.edgeHostKey) found.push("hosting:edgeSsh.hostKey");
  return found.length === 0
    ? []
    : [
        `placeholder values still in the stack config, replace them before deploying: ${found.join(", ")}`,
      ];
}
