import { centsToDollars } from "../catalog/pricing.js";
import type { PlanEvaluation } from "./evaluate-plan.js";
import type { RecordedResource } from "./mock-engine.js";

const shortName = (urn: string) => {
  const parts = urn.split("::");
  const type = parts[2]?.split("$").pop() ?? "";
  return `${type}::${parts[3] ?? ""}`;
};

/** The customer a resource belongs to: the name of its Customer component ancestor, if any. */
function owningCustomer(
  resource: RecordedResource,
  byUrn: Map<string, RecordedResource>,
): string | null {
  let current: RecordedResource | undefined = resource;
  while (current) {
    if (current.type === "lightspeedup:hosting:Customer") return current.name;
    current = byUrn.get(current.parentUrn);
  }
  return null;
}

export function resourcesJson(resources: RecordedResource[]) {
  const byUrn = new Map(resources.map((r) => [r.urn, r]));
  return resources.map((r) => ({
    type: r.type,
    name: r.name,
    customer: owningCustomer(r, byUrn),
    parent: r.parentUrn ? shortName(r.parentUrn) : null,
    inputs: r.inputs,
    options: {
      protect: r.options.protect,
      ignoreChanges: r.options.ignoreChanges,
      deleteBeforeReplace: r.options.deleteBeforeReplace,
      dependsOn: r.options.dependsOn.map(shortName),
      ...(r.options.importId && { import: r.options.importId }),
    },
  }));
}

/** The `npm run plan -- --json` document. */
export function planJson(evaluation: PlanEvaluation) {
  const { analysis, outputs } = evaluation;
  const plan = analysis.plan;
  const vms = plan?.customers.flatMap((c) => c.vms) ?? [];
  const capacity = analysis.capacity;
  return {
    stack: evaluation.stack,
    customersDir: evaluation.customersDir,
    ok: plan !== undefined,
    totals: plan
      ? {
          customers: plan.customers.length,
          vms: vms.length,
          isolatedNetworks: plan.customers.filter((c) => c.network.kind === "isolated").length,
          cores: vms.reduce((s, v) => s + v.package.cores, 0),
          memoryGb: vms.reduce((s, v) => s + v.package.memoryMb, 0) / 1024,
          diskGb: vms.reduce((s, v) => s + v.package.diskGb, 0),
        }
      : null,
    revenue: plan
      ? {
          currency: "USD",
          monthly: centsToDollars(plan.revenue.monthlyCents),
          suspended: centsToDollars(plan.revenue.suspendedCents),
          suspendedCustomers: outputs?.revenue.suspended ?? [],
          beta: centsToDollars(plan.revenue.betaListCents),
          regular: centsToDollars(plan.revenue.regularListCents),
        }
      : null,
    capacity: capacity
      ? {
          ok: capacity.ok,
          warnings: capacity.warnings,
          ...Object.fromEntries(
            capacity.resources.map((r) => [
              r.resource,
              {
                unit: r.unit,
                demand: r.demand,
                limit: r.limit,
                percent: r.percent,
                customers: r.customers,
                reserved: r.reserved,
              },
            ]),
          ),
          backupSpaceGb: plan?.backupSpace.totalGb ?? null,
        }
      : null,
    backupJobs: plan?.backupJobs ?? [],
    customers: outputs?.inventory ?? [],
    dnsInstructions: outputs?.dnsInstructions ?? [],
    resources: resourcesJson(evaluation.resources),
    warnings: analysis.warnings,
    errors: analysis.issues.map((i) => ({
      file: i.file,
      path: i.path,
      line: i.line ?? null,
      message: i.message,
    })),
  };
}
