import { backupJobs, type BackupJobSpec } from "../backups/jobs.js";
import { computeCapacity, capacityTable, type CapacityReport } from "../capacity/capacity.js";
import { estimateBackupSpace, type BackupSpaceEstimate } from "../capacity/backup-space.js";
import { computeRevenue, type Revenue } from "../catalog/pricing.js";
import type { HostingConfig } from "../config/schema.js";
import { PLACEHOLDERS } from "../config/placeholders.js";
import { validateHostingConfig } from "../config/validate-config.js";
import { sortIssues, type PlanIssue } from "./issues.js";
import { loadCustomers, type LoadedCustomers } from "./load-customers.js";
import { planCustomers, type PlannedCustomer } from "./hosting-plan.js";
import { validateCustomers } from "./validate-customers.js";

export interface HostingPlan {
  config: HostingConfig;
  customers: PlannedCustomer[];
  capacity: CapacityReport;
  revenue: Revenue;
  backupJobs: BackupJobSpec[];
  backupSpace: BackupSpaceEstimate;
}

export interface Analysis {
  /** present only when there are no issues */
  plan?: HostingPlan;
  issues: PlanIssue[];
  warnings: string[];
  /** how many customer files were read */
  customerFiles: number;
  /** computed whenever the files are valid, also when the plan is refused for capacity */
  capacity?: CapacityReport;
}

export interface AnalyzeInput {
  /** merged hosting:* values, key without namespace */
  configValues: Record<string, unknown>;
  /** where the config came from, for messages (e.g. Pulumi.beta.yaml) */
  configFile: string;
  customersDir: string;
}

/** Validates config and every customer file together and builds the plan; any issue → no plan. */
export function analyze(input: AnalyzeInput): Analysis {
  const { config, issues: configIssues } = validateHostingConfig(input.configValues, input.configFile);
  let loaded: LoadedCustomers;
  try {
    loaded = loadCustomers(input.customersDir);
  } catch (e) {
    return { issues: [...configIssues, { file: input.customersDir, path: "", message: `cannot read the customers folder: ${(e as Error).message}` }], warnings: [], customerFiles: 0 };
  }
  const customerFiles = loaded.customers.length + loaded.issues.filter((i) => i.file !== loaded.retiredFile).length;
  if (!config) return { issues: sortIssues([...configIssues, ...loaded.issues]), warnings: [], customerFiles };

  const issues = [...loaded.issues, ...validateCustomers(loaded, config)];
  if (issues.length > 0) return { issues: sortIssues(issues), warnings: [], customerFiles };

  const customers = planCustomers(loaded.customers, config);
  const vms = customers.flatMap((c) => c.vms);
  const packages = vms.map((v) => v.package);
  const capacity = computeCapacity(packages, config);
  const plan: HostingPlan = {
    config,
    customers,
    capacity,
    revenue: computeRevenue(customers.map((c) => ({ ...c, network: c.network.kind, packages: c.vms.map((v) => v.package) }))),
    backupJobs: backupJobs(vms.map((v) => ({ vmid: v.vmid, package: v.package.name }))),
    backupSpace: estimateBackupSpace(packages, config.backup.proxmoxBackupServer),
  };

  const planIssues: PlanIssue[] = [];
  if (!capacity.ok) {
    planIssues.push({
      file: input.customersDir,
      path: "",
      message: `the plan is over the host's capacity: ${capacity.errors.join("; ")}\n${capacityTable(capacity)}`,
    });
  }
  const unisolated = customers.filter((c) => c.network.kind === "community").map((c) => c.name);
  const warnings = [...capacity.warnings.map((w) => `capacity ${w}`)];
  if (!config.datacenterFirewall) {
    const consequence = `the datacenter firewall is off, so no VM firewall rule is enforced and these community customers are not isolated from the LAN or each other: ${unisolated.join(", ") || "(none)"}`;
    if (config.acceptNoIsolation) warnings.push(`${consequence} (accepted by hosting:acceptNoIsolation)`);
    else {
      planIssues.push({
        file: input.configFile,
        path: "hosting:datacenterFirewall",
        message: `is false: ${consequence}. Turn the firewall on (docs/runbooks/setup.md) and set it to true, or set hosting:acceptNoIsolation: true to accept the risk`,
      });
    }
  }
  if (!config.backup.proxmoxBackupServer && plan.backupJobs.some((j) => j.schedule === "hourly")) {
    warnings.push(`the hourly enterprise backup job writes to ${config.backup.storage}, which is not Proxmox Backup Server: every run is a full copy (estimated backup space ${plan.backupSpace.totalGb.toLocaleString("en-US")} GiB)`);
  }
  for (const c of customers) {
    const file = loaded.customers.find((l) => l.customer.name === c.name)!.customer;
    file.vms.forEach((vm, i) => {
      if (c.network.kind === "isolated" && vm.address === undefined && !vm.adopted) {
        warnings.push(`${c.file}: vms[${i}] has no pinned address (got ${c.vms[i].address}); pin it with "address:" so reordering VMs can never move it`);
      }
    });
  }
  warnings.push(...placeholderWarnings(config));
  if (planIssues.length > 0) return { issues: planIssues, warnings, customerFiles, capacity };
  return { plan, issues: [], warnings, customerFiles, capacity };
}

function placeholderWarnings(config: HostingConfig): string[] {
  const found: string[] = [];
  if (config.publicIp === PLACEHOLDERS.publicIp) found.push("hosting:publicIp");
  for (const [zone, id] of Object.entries(config.zones)) if (id === PLACEHOLDERS.zoneId) found.push(`hosting:zones.${zone}`);
  if (config.edgeSsh.hostKey === PLACEHOLDERS.edgeHostKey) found.push("hosting:edgeSsh.hostKey");
  return found.length === 0 ? [] : [`placeholder values still in the stack config, replace them before deploying: ${found.join(", ")}`];
}
