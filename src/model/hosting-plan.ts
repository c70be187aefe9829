import { type BackupJobSpec, backupJobs } from "../backups/jobs.js";
import { type BackupSpaceEstimate, estimateBackupSpace } from "../capacity/backup-space.js";
import { type CapacityReport, computeCapacity } from "../capacity/capacity.js";
import { PACKAGES, type PackageSpec, type PricingName } from "../catalog/packages.js";
import { computeRevenue, customerListCents, type Revenue } from "../catalog/pricing.js";
import { edgeReservedSlots, platformHostname } from "../config/derived.js";
import type { HostingConfig, TemplateConfig } from "../config/schema.js";
import { customerVmMac, sshPort } from "../network/addressing.js";
import { type CustomerNetwork, TIERS } from "../tiers/index.js";
import { must } from "../util/must.js";
import { managedZoneFor } from "./dns-names.js";
import type { LoadedCustomer } from "./load-customers.js";

export type CustomerStatus = "active" | "suspended" | "offboarding";

/**
 * The plan every later step works from, built once from validated files by `buildHostingPlan`:
 * every derived fact (addresses, MACs, prices, capacity sums, the edge's reserved slots, platform
 * hostnames) is computed here and read everywhere else.
 */
export interface HostingPlan {
  config: HostingConfig;
  /** sorted by name */
  customers: PlannedCustomer[];
  /** every VM of every customer, by VMID */
  vms: ReadonlyMap<number, PlannedVm>;
  /** edge VM NIC slots the project never writes (the uplink's and hosting:edge.reservedSlots) */
  edgeReservedSlots: string[];
  capacity: CapacityReport;
  revenue: Revenue;
  backupJobs: BackupJobSpec[];
  backupSpace: BackupSpaceEstimate;
}

export interface PlannedVm {
  vmid: number;
  /** the customer's name */
  customer: string;
  role: string;
  /** Proxmox VM name: <customer>-<role> */
  name: string;
  package: PackageSpec;
  /** template key; undefined for an adopted VM */
  image?: string;
  template?: TemplateConfig;
  address: string;
  mac: string;
  diskInterface: string;
  sshPort: number;
  adopted: boolean;
}

export interface PlannedDomain {
  name: string;
  www: boolean;
  hostnames: string[];
  upstreamRole: string;
  /** the VM that serves it: its VMID and address */
  upstreamVmid: number;
  upstreamAddress: string;
  tls: "letsencrypt" | "none";
  proxied: boolean;
  /** the managed Cloudflare zone it belongs to; undefined for an external domain */
  zone?: string;
}

export interface PlannedCustomer {
  name: string;
  displayName?: string;
  file: string;
  status: CustomerStatus;
  pricing: PricingName;
  network: CustomerNetwork;
  vms: PlannedVm[];
  sshKeys: string[];
  platformHostname: string;
  domains: PlannedDomain[];
  /** what the customer pays per month at its own pricing: listCents[pricing] */
  monthlyCents: number;
  /** what the customer would pay per month at each pricing (packages plus the tier's add-on) */
  listCents: Record<PricingName, number>;
}

/** Builds the whole plan from validated customer files. Pure. */
export function buildHostingPlan(
  files: readonly LoadedCustomer[],
  config: HostingConfig,
): HostingPlan {
  const customers = planCustomers(files, config);
  const vms = new Map(customers.flatMap((c) => c.vms.map((v): [number, PlannedVm] => [v.vmid, v])));
  const packages = [...vms.values()].map((v) => v.package);
  return {
    config,
    customers,
    vms,
    edgeReservedSlots: edgeReservedSlots(config),
    capacity: computeCapacity(packages, config),
    revenue: computeRevenue(customers),
    backupJobs: backupJobs(
      [...vms.values()].map((v) => ({ vmid: v.vmid, package: v.package.name })),
    ),
    backupSpace: estimateBackupSpace(packages, config.backup.proxmoxBackupServer),
  };
}

/** Turns validated customer files into the plan every later step works from. Pure. */
export function planCustomers(
  customers: readonly LoadedCustomer[],
  config: HostingConfig,
): PlannedCustomer[] {
  return [...customers]
    .sort((a, b) => a.customer.name.localeCompare(b.customer.name))
    .map(({ file, customer: c }) => {
      const network = TIERS[c.network].resolve(c, config);
      const vms: PlannedVm[] = c.vms.map((vm, i) => {
        const image = vm.adopted ? undefined : (vm.image ?? config.defaultImage);
        const template = image ? config.templates[image] : undefined;
        return {
          vmid: vm.vmid,
          customer: c.name,
          role: vm.role,
          name: `${c.name}-${vm.role}`,
          package: PACKAGES[vm.package],
          image,
          template,
          address: network.vmAddresses[i],
          mac: vm.adopted?.mac ?? customerVmMac(vm.vmid),
          diskInterface:
            vm.adopted?.diskInterface ?? must(template, `template of VM ${vm.vmid}`).diskInterface,
          sshPort: sshPort(vm.vmid),
          adopted: vm.adopted !== undefined,
        };
      });
      const pricing = c.pricing ?? config.pricing;
      const listCents = customerListCents(
        vms.map((v) => v.package),
        TIERS[c.network].addonCents,
      );
      const domains = c.domains.map((d): PlannedDomain => {
        const upstream = vms.find((v) => v.role === d.upstream) ?? vms[0];
        return {
          name: d.name,
          www: d.www,
          hostnames: d.www ? [d.name, `www.${d.name}`] : [d.name],
          upstreamRole: upstream.role,
          upstreamVmid: upstream.vmid,
          upstreamAddress: upstream.address,
          tls: d.tls,
          proxied: d.proxied,
          zone: managedZoneFor(d.name, Object.keys(config.zones)),
        };
      });
      return {
        name: c.name,
        displayName: c.displayName,
        file,
        status: c.status,
        pricing,
        network,
        vms,
        sshKeys: c.sshKeys,
        platformHostname: platformHostname(c.name, config),
        domains,
        monthlyCents: listCents[pricing],
        listCents,
      };
    });
}
