import * as proxmox from "@muhlba91/pulumi-proxmoxve";
import * as pulumi from "@pulumi/pulumi";
import { BackupJobs } from "./components/backup-jobs.js";
import { Customer } from "./components/customer.js";
import { PlatformFirewall } from "./components/platform-firewall.js";
import { decodeHostingConfig } from "./config/decode.js";
import { analyze, type HostingPlan } from "./model/analyze.js";
import { formatIssue } from "./model/issues.js";
import { capacityOutput, inventory, revenueOutput } from "./outputs/inventory.js";

/** Reads every `hosting:*` key from the stack config. */
export function readHostingConfig(cfg = new pulumi.Config("hosting")): Record<string, unknown> {
  return decodeHostingConfig((key) => cfg.get(key));
}

/** Thrown when the customer files or config are invalid: no resource has been declared. */
export class PlanRejected extends Error {
  constructor(public readonly issues: string[]) {
    super(`the plan was rejected, nothing will change:\n${issues.map((i) => `  ${i}`).join("\n")}`);
  }
}

/** Validates the stack config and every customer file together; declares nothing. */
export function analyzeStack(options: { customersDir: string; configFile?: string }) {
  return analyze({
    configValues: readHostingConfig(),
    configFile: options.configFile ?? `Pulumi.${pulumi.getStack()}.yaml`,
    customersDir: options.customersDir,
  });
}

/** The program: validate everything, then declare the whole stack — or nothing at all. */
export function runHostingProgram(options: { customersDir: string; configFile?: string }) {
  const analysis = analyzeStack(options);
  if (!analysis.plan) throw new PlanRejected(analysis.issues.map(formatIssue));
  for (const warning of analysis.warnings) pulumi.log.warn(warning);
  return declareHostingStack(analysis.plan);
}

/** Every resource of a valid plan, with explicit providers configured from stack config. */
export function declareHostingStack(plan: HostingPlan) {
  const pve = new pulumi.Config("proxmoxve");
  const provider = new proxmox.Provider("proxmoxve", {
    endpoint: pve.require("endpoint"),
    apiToken: pve.requireSecret("apiToken"),
    insecure: false, // TLS is verified against the PVE CA (docs/runbooks/secrets.md)
    minTls: "1.2",
  });
  const opts = { providers: { proxmoxve: provider } };

  const platform = new PlatformFirewall("platform-firewall", { publicIp: plan.config.publicIp }, opts);
  const customers = plan.customers.map(
    (c) => new Customer(c.name, { customer: c, config: plan.config, egressGroup: platform.egressGroup }, opts),
  );
  const byId = new Map<string, pulumi.Resource>();
  plan.customers.forEach((c, i) => c.vms.forEach((vm, j) => byId.set(String(vm.vmid), customers[i].vms[j].vm)));
  if (plan.backupJobs.length > 0) {
    new BackupJobs("backups", { jobs: plan.backupJobs, storage: plan.config.backup.storage, mailTo: plan.config.adminEmail, vmsById: byId }, opts);
  }
  return {
    inventory: inventory(plan),
    capacity: capacityOutput(plan),
    revenue: revenueOutput(plan),
  };
}
