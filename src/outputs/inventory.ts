import { centsToDollars } from "../catalog/pricing.js";
import type { HostingPlan } from "../model/hosting-plan.js";

/** The stack's inventory output (DESIGN §11): no contact e-mails, money in dollars. */
export function inventory(plan: HostingPlan) {
  const { publicIp } = plan.config;
  return plan.customers.map((c) => ({
    name: c.name,
    displayName: c.displayName ?? null,
    status: c.status,
    tier: c.network.kind,
    bridge: c.network.bridge,
    pricing: c.pricing,
    monthlyPrice: centsToDollars(c.monthlyCents),
    platformHostname: c.platformHostname,
    vms: c.vms.map((v) => ({
      vmid: v.vmid,
      name: v.name,
      role: v.role,
      package: v.package.name,
      address: v.address,
      bridge: c.network.bridge,
      mac: v.mac,
      sshEndpoint: `${publicIp}:${v.sshPort}`,
      adopted: v.adopted,
    })),
    domains: c.domains.map((d) => ({
      name: d.name,
      hostnames: d.hostnames,
      upstream: d.upstreamRole,
      tls: d.tls,
      zone: d.zone ?? null,
    })),
  }));
}

export function capacityOutput(plan: HostingPlan) {
  const { capacity, backupSpace } = plan;
  return {
    ok: capacity.ok,
    warnings: capacity.warnings,
    resources: Object.fromEntries(
      capacity.resources.map((r) => [
        r.resource,
        {
          unit: r.unit,
          customers: r.customers,
          reserved: r.reserved,
          demand: r.demand,
          limit: r.limit,
          percent: r.percent,
        },
      ]),
    ),
    backupSpaceGb: backupSpace.totalGb,
    backupSpaceAssumption: backupSpace.assumption,
  };
}

export function revenueOutput(plan: HostingPlan) {
  const r = plan.revenue;
  return {
    currency: "USD",
    monthly: centsToDollars(r.monthlyCents),
    suspended: r.suspended.map((s) => ({ name: s.name, monthly: centsToDollars(s.monthlyCents) })),
    suspendedTotal: centsToDollars(r.suspendedCents),
    beta: centsToDollars(r.betaListCents),
    regular: centsToDollars(r.regularListCents),
  };
}
