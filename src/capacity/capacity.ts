import type { PackageSpec } from "../catalog/packages.js";
import type { HostingConfig } from "../config/schema.js";

export type ResourceKind = "cpu" | "memory" | "disk";

export interface ResourceUsage {
  resource: ResourceKind;
  unit: "vCPU" | "GiB";
  /** customer VMs only */
  customers: number;
  /** owner's reserved share plus host overhead */
  reserved: number;
  demand: number;
  limit: number;
  percent: number;
}

/** What the customer VMs of a plan add up to: the one place packages are summed. */
export interface PackageTotals {
  cores: number;
  memoryGb: number;
  diskGb: number;
}

export function sumPackages(packages: readonly PackageSpec[]): PackageTotals {
  let cores = 0;
  let memoryMb = 0;
  let diskGb = 0;
  for (const p of packages) {
    cores += p.cores;
    memoryMb += p.memoryMb;
    diskGb += p.diskGb;
  }
  return { cores, memoryGb: memoryMb / 1024, diskGb };
}

export interface CapacityReport {
  ok: boolean;
  /** the customer VMs' sums (every status) */
  customerTotals: PackageTotals;
  resources: ResourceUsage[];
  /** one line per resource at or above the warning threshold */
  warnings: string[];
  /** one line per resource over its limit */
  errors: string[];
}

/**
 * Demand against the host (DESIGN §5): CPU may be oversubscribed by the configured ratio, RAM and
 * disk may not. Every customer VM counts, whatever its status (its VM exists).
 */
export function computeCapacity(
  packages: readonly PackageSpec[],
  config: HostingConfig,
): CapacityReport {
  const { host, reserved, overhead, cpuOversubscription, warnAtPercent } = config.capacity;
  const totals = sumPackages(packages);
  const rows: Omit<ResourceUsage, "demand" | "percent">[] = [
    {
      resource: "cpu",
      unit: "vCPU",
      customers: totals.cores,
      reserved: reserved.threads + overhead.threads,
      limit: host.threads * cpuOversubscription,
    },
    {
      resource: "memory",
      unit: "GiB",
      customers: totals.memoryGb,
      reserved: reserved.memoryGb + overhead.memoryGb,
      limit: host.memoryGb,
    },
    {
      resource: "disk",
      unit: "GiB",
      customers: totals.diskGb,
      reserved: reserved.diskGb + overhead.diskGb,
      limit: host.diskGb,
    },
  ];
  const resources = rows.map((r) => {
    const demand = r.customers + r.reserved;
    return {
      ...r,
      demand,
      percent: r.limit === 0 ? Infinity : Math.round((demand / r.limit) * 1000) / 10,
    };
  });
  const describe = (r: ResourceUsage) =>
    `${r.resource}: ${fmt(r.demand)} of ${fmt(r.limit)} ${r.unit} (${r.percent}%)`;
  const errors = resources
    .filter((r) => r.demand > r.limit)
    .map((r) => `${describe(r)} exceeds the limit`);
  const warnings = resources
    .filter((r) => r.demand <= r.limit && r.percent >= warnAtPercent)
    .map((r) => `${describe(r)} is at or above ${warnAtPercent}%`);
  return { ok: errors.length === 0, customerTotals: totals, resources, warnings, errors };
}

const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString("en-US") : n.toFixed(1));

/** The demand/limit table printed with a capacity failure or in the plan. */
export function capacityTable(report: CapacityReport): string {
  const header = "resource  customers  reserved   demand    limit   use";
  const lines = report.resources.map(
    (r) =>
      `${r.resource.padEnd(8)}  ${fmt(r.customers).padStart(9)}  ${fmt(r.reserved).padStart(8)}  ${fmt(r.demand).padStart(7)}  ${fmt(r.limit).padStart(7)}  ${`${r.percent}%`.padStart(5)}  ${r.unit}`,
  );
  return [header, ...lines].join("\n");
}
