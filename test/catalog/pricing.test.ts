import { describe, expect, it } from "vitest";
import { PACKAGES } from "../../src/catalog/packages.js";
import {
  type BillableCustomer,
  computeRevenue,
  customerListCents,
  formatDollars,
} from "../../src/catalog/pricing.js";
import { TIERS } from "../../src/tiers/index.js";

const { starter, business, enterprise } = PACKAGES;

describe("customerListCents", () => {
  it.each([
    [[starter], "community", { beta: 1450, regular: 2900 }],
    [[business], "isolated", { beta: 4450 + 500, regular: 8900 + 1000 }],
    [[enterprise, starter], "isolated", { beta: 9950 + 1450 + 500, regular: 19900 + 2900 + 1000 }],
    [[enterprise], "community", { beta: 9950, regular: 19900 }],
  ] as const)("%j on %s costs %j cents", (packages, tier, cents) => {
    expect(customerListCents(packages, TIERS[tier].addonCents)).toEqual(cents);
  });

  it("charges the tier's add-on once per customer, not per VM", () => {
    expect(customerListCents([starter, starter, starter], TIERS.isolated.addonCents).beta).toBe(
      3 * 1450 + 500,
    );
  });
});

describe("computeRevenue", () => {
  const customer = (
    name: string,
    status: BillableCustomer["status"],
    pricing: BillableCustomer["pricing"],
    packages: (typeof starter)[],
    tier: keyof typeof TIERS,
  ): BillableCustomer => ({
    name,
    status,
    pricing,
    listCents: customerListCents(packages, TIERS[tier].addonCents),
  });
  const customers = [
    customer("a", "active", "beta", [starter], "community"),
    customer("b", "active", "regular", [business], "isolated"),
    customer("c", "suspended", "beta", [enterprise], "community"),
    customer("d", "offboarding", "beta", [starter], "community"),
  ];

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
