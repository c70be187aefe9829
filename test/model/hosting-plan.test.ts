import { describe, expect, it } from "vitest";
import { analyze } from "../../src/model/analyze.js";
import type { HostingPlan } from "../../src/model/hosting-plan.js";
import { betaConfigValues } from "../helpers/fixtures.js";
import { examples } from "../helpers/plan.js";

function betaMixPlan(): HostingPlan {
  const analysis = analyze({
    configValues: betaConfigValues(),
    configFile: "Pulumi.beta.yaml",
    customersDir: examples("customers"),
  });
  if (!analysis.plan) throw new Error(JSON.stringify(analysis.issues));
  return analysis.plan;
}

describe("the hosting plan: every derived fact computed once", () => {
  const plan = betaMixPlan();

  it("keeps one map of every VM by VMID, the same objects the customers hold", () => {
    const all = plan.customers.flatMap((c) => c.vms);
    expect([...plan.vms.keys()].sort()).toEqual(all.map((v) => v.vmid).sort());
    for (const c of plan.customers)
      for (const vm of c.vms) {
        expect(plan.vms.get(vm.vmid)).toBe(vm);
        expect(vm.customer).toBe(c.name);
      }
  });

  it("prices each customer once: its own price and the revenue read the same list prices", () => {
    for (const c of plan.customers) expect(c.monthlyCents).toBe(c.listCents[c.pricing]);
    const sum = (f: (c: HostingPlan["customers"][number]) => number) =>
      plan.customers.reduce((s, c) => s + f(c), 0);
    expect(plan.revenue.betaListCents).toBe(sum((c) => c.listCents.beta));
    expect(plan.revenue.regularListCents).toBe(sum((c) => c.listCents.regular));
    expect(plan.revenue.betaListCents).toBe(60200);
    expect(plan.revenue.regularListCents).toBe(120400);
  });

  it("sums capacity once, and derives the edge's reserved slots and platform hostnames", () => {
    expect(plan.capacity.customerTotals).toEqual({ cores: 76, memoryGb: 192, diskGb: 1560 });
    expect(plan.edgeReservedSlots).toEqual(["net0"]);
    for (const c of plan.customers) expect(c.platformHostname).toBe(`${c.name}.lightspeedup.com`);
  });

  it("labels each customer's network through its tier", () => {
    const labels = new Set(plan.customers.map((c) => c.network.label.split(" ")[0]));
    expect(labels).toEqual(new Set(["community", "isolated"]));
    for (const c of plan.customers.filter((x) => x.network.kind === "isolated"))
      expect(c.network.label).toBe(`isolated ${c.network.bridge} ${c.network.subnet}`);
  });
});
