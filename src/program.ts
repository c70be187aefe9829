import * as proxmox from "@muhlba91/pulumi-proxmoxve";
import * as cloudflare from "@pulumi/cloudflare";
import * as pulumi from "@pulumi/pulumi";
import { BackupJobs } from "./components/backup-jobs.js";
import { Customer } from "./components/customer.js";
import { DnsZones } from "./components/dns-zones.js";
import { EdgeShared } from "./components/edge-shared.js";
import { declareMonitoring } from "./components/monitoring-host.js";
import { PlatformFirewall } from "./components/platform-firewall.js";
import { RemoteCommandSet } from "./components/remote-commands.js";
import { decodeHostingConfig } from "./config/decode.js";
import { SECRET_CONFIG_KEYS } from "./config/schema.js";
import { configLocator } from "./config/stack-files.js";
import { externalDnsInstructions } from "./dns/records.js";
import { edgeConnection } from "./edge/connection.js";
import { DEBIAN_EDGE_PATHS } from "./edge/paths.js";
import { edgeUnits } from "./edge/units/edge-units.js";
import { analyze, type HostingPlan } from "./model/analyze.js";
import { formatIssue } from "./model/issues.js";
import { capacityOutput, inventory, revenueOutput } from "./outputs/inventory.js";
import { customerResources } from "./resources/customer-resources.js";
import { leanRegistration } from "./resources/lean-registration.js";

/** Reads every `hosting:*` key of the stack config, unknown ones too (so a typo is refused). */
export function readHostingConfig(): Record<string, unknown> {
  return decodeHostingConfig(pulumi.runtime.allConfig());
}

/** Thrown when the customer files or config are invalid: no resource has been declared. */
export class PlanRejected extends Error {
  constructor(public readonly issues: string[]) {
    super(`the plan was rejected, nothing will change:\n${issues.map((i) => `  ${i}`).join("\n")}`);
  }
}

/** The SDK's record of which config keys the CLI passed as secrets (exported, not in its types). */
const runtimeConfig = pulumi.runtime as unknown as { isConfigSecret(key: string): boolean };

/** Secret keys the stack holds in plain text (set without --secret): refused by the analysis. */
export function plaintextSecrets(): string[] {
  const all = pulumi.runtime.allConfig();
  return SECRET_CONFIG_KEYS.filter((k) => k in all && !runtimeConfig.isConfigSecret(k));
}

/** Validates the stack config and every customer file together; declares nothing. */
export function analyzeStack(options: { customersDir: string; configFile?: string }) {
  return analyze({
    plaintextSecrets: plaintextSecrets(),
    configValues: readHostingConfig(),
    configFile: options.configFile ?? `Pulumi.${pulumi.getStack()}.yaml`,
    configLocate: configLocator(process.cwd(), pulumi.getStack()),
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

export interface DeclareOptions {
  /** false registers every property of every resource class (the lean-registration test) */
  lean?: boolean;
}

/**
 * Every resource of a valid plan, with explicit providers configured from stack config. It yields
 * to the event loop after each customer, so the engine completes that customer's registrations
 * before the next are declared (a plan of 1,000 customers otherwise holds every pending
 * registration in memory at once, and garbage collection took 40 % of its time).
 */
export async function declareHostingStack(plan: HostingPlan, options: DeclareOptions = {}) {
  const pve = new pulumi.Config("proxmoxve");
  const provider = new proxmox.Provider("proxmoxve", {
    endpoint: pve.require("endpoint"),
    apiToken: pve.requireSecret("apiToken"),
    insecure: false, // TLS is verified against the PVE CA (docs/runbooks/secrets.md)
    minTls: "1.2",
  });
  const cf = new cloudflare.Provider("cloudflare", {
    apiToken: new pulumi.Config("cloudflare").requireSecret("apiToken"),
  });
  const opts: pulumi.ComponentResourceOptions = {
    providers: { proxmoxve: provider, cloudflare: cf },
    transformations: options.lean === false ? [] : [leanRegistration],
  };
  const { config } = plan;

  new DnsZones("dns-zones", { zones: config.zones }, opts);
  const edge = new RemoteCommandSet({
    connection: edgeConnection(config, new pulumi.Config("hosting").requireSecret("edgeSshKey")),
    generation: config.edge.generation,
    units: edgeUnits(plan, DEBIAN_EDGE_PATHS),
  });
  new EdgeShared("edge", { edge }, opts);
  const platform = new PlatformFirewall("platform-firewall", { publicIp: config.publicIp }, opts);
  const customers: Customer[] = [];
  for (const c of plan.customers) {
    await new Promise((resolve) => setImmediate(resolve));
    customers.push(
      new Customer(
        c.name,
        {
          name: c.name,
          resources: customerResources(c, config),
          egressGroup: platform.egressGroup,
          edge,
        },
        opts,
      ),
    );
  }
  const missing = edge.undeclared();
  if (missing.length > 0) throw new Error(`internal error: edge units not declared: ${missing}`);
  const vmsById = new Map(customers.flatMap((c) => [...c.vmsById]));
  if (plan.backupJobs.length > 0) {
    new BackupJobs(
      "backups",
      {
        jobs: plan.backupJobs,
        storage: config.backup.storage,
        mailTo: config.adminEmail,
        vmsById,
      },
      opts,
    );
  }
  // Monitoring as code (docs/monitoring.md): the monitoring host's units and the edge's exporter.
  declareMonitoring(plan, opts);
  return {
    inventory: inventory(plan),
    capacity: capacityOutput(plan),
    revenue: revenueOutput(plan),
    /** what each external domain's owner must point where */
    dnsInstructions: plan.customers.flatMap((c) => externalDnsInstructions(c, config)),
    /** each site's last report from the edge: tls=active, tls=waiting-for-dns or tls=none */
    edgeSites: customers.flatMap((c, i) =>
      c.web.sites.map((s) => ({
        domain: s.domain,
        customer: plan.customers[i].name,
        status: s.command.stdout,
      })),
    ),
  };
}
