import { type PackageSpec, PRICING_NAMES, type PricingName } from "./packages.js";

/**
 * What one customer pays per month at each pricing, in cents: its VMs' packages plus its network
 * tier's add-on (once per customer). The plan computes this once per customer; everything else
 * (the customer's own price, revenue, list totals) reads it.
 */
export function customerListCents(
  packages: readonly PackageSpec[],
  addonCents: Readonly<Record<PricingName, number>>,
): Record<PricingName, number> {
  const at = (pricing: PricingName) =>
    packages.reduce((sum, p) => sum + p.priceCents[pricing], 0) + addonCents[pricing];
  return Object.fromEntries(PRICING_NAMES.map((p) => [p, at(p)])) as Record<PricingName, number>;
}

export interface BillableCustomer {
  name: string;
  status: "active" | "suspended" | "offboarding";
  pricing: PricingName;
  /** from customerListCents */
  listCents: Readonly<Record<PricingName, number>>;
}

export interface Revenue {
  /** what active customers pay, each at its own pricing */
  monthlyCents: number;
  /** suspended customers: not billed, listed with what they would pay */
  suspended: { name: string; monthlyCents: number }[];
  suspendedCents: number;
  /** list price of every customer (any status) at beta and at regular prices */
  betaListCents: number;
  regularListCents: number;
}

export function computeRevenue(customers: readonly BillableCustomer[]): Revenue {
  const own = (c: BillableCustomer) => c.listCents[c.pricing];
  const suspended = customers
    .filter((c) => c.status === "suspended")
    .map((c) => ({ name: c.name, monthlyCents: own(c) }));
  const sum = (cents: readonly number[]) => cents.reduce((s, c) => s + c, 0);
  return {
    monthlyCents: sum(customers.filter((c) => c.status === "active").map(own)),
    suspended,
    suspendedCents: sum(suspended.map((s) => s.monthlyCents)),
    betaListCents: sum(customers.map((c) => c.listCents.beta)),
    regularListCents: sum(customers.map((c) => c.listCents.regular)),
  };
}

/** 60250 → "$602.50" */
export function formatDollars(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString("en-US");
  return `${sign}$${dollars}.${String(abs % 100).padStart(2, "0")}`;
}

export const centsToDollars = (cents: number): number => cents / 100;
