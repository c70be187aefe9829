import { describe, expect, it } from "vitest";
import { PACKAGES } from "../src/catalog/packages.js";
import { computeRevenue, customerMonthlyCents, formatDollars } from "../src/catalog/pricing.js";

const { starter, business, enterprise } = PACKAGES;

describe("customerMonthlyCents", () => {
  it.each([
    [[starter], "community", "beta", 1450],
    [[starter], "community", "regular", 2900],
    [[business], "isolated", "beta", 4450 + 500],
    [[business], "isolated", "regular", 8900 + 1000],
    [[enterprise, starter], "isolated", "beta", 9950 + 1450 + 500],
    [[enterprise], "community", "regular", 19900],
  ] as const)("%j %s at %s costs %i cents", (packages, network, pricing, cents) => {
    expect(customerMonthlyCents(packages, network, pricing)).toBe(cents);
  });

  it("charges the isolated add-on once per customer, not per VM", () => {
    expect(customerMonthlyCents([starter, starter, starter], "isolated", "beta")).toBe(
      3 * 1450 + 500,
    );
  });
});

describe("computeRevenue", () => {
  const customers = [
    { name: "a", status: "active", pricing: "beta", packages: [starter], network: "community" },
    { name: "b", status: "active", pricing: "regular", packages: [business], network: "isolated" },
    {
      name: "c",
      status: "suspended",
      pricing: "beta",
      packages: [enterprise],
      network: "community",
    },
    {
      name: "d",
      status: "offboarding",
      pricing: "beta",
      packages: [starter],
      network: "community",
    },
  ] as const;

  it("bills active customers at their own pricing and lists suspended ones apart", () => {
    const r = computeRevenue(customers);
    expect(r.monthlyCents).toBe(1450 + 8900 + 1000);
    expect(r.suspended).toEqual([{ name: "c", monthlyCents: 9950 }]);
    expect(r.suspendedCents).toBe(9950);
  });

  it("gives list-price totals over every customer at beta and at regular prices", () => {
    const r = computeRevenue(customers);
    expect(r.betaListCents).toBe(1450 + 4450 + 500 + 9950 + 1450);
    expect(r.regularListCents).toBe(2900 + 8900 + 1000 + 19900 + 2900);
  });
});

describe("formatDollars", () => {
  it.each([
    [0, "$0.00"],
    [1450, "$14.50"],
    [120400, "$1,204.00"],
    [-505, "-$5.05"],
  ])("%i → %s", (cents, text) => expect(formatDollars(cents)).toBe(text));
});
