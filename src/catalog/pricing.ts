import { ISOLATED_ADDON_CENTS, type PackageSpec, type PricingName } from "./packages.js";

/** What one customer pays per month at a pricing, in cents: its VMs' packages plus the isolated add-on. */
export function customerMonthlyCents(
  packages: readonly PackageSpec[],
  network: "community" | "isolated",
  pricing: PricingName,
): number {
  const vms = packages.reduce((sum, p) => sum + p.priceCents[pricing], 0);
  return vms + (network === "isolated" ? ISOLATED_ADDON_CENTS[pricing] : 0);
}

export interface BillableCustomer {
  name: string;
  status: "active" | "suspended" | "offboarding";
  pricing: PricingName;
  packages: readonly PackageSpec[];
  network: "community" | "isolated";
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
  const at = (c: BillableCustomer, pricing: PricingName) =>
    customerMonthlyCents(c.packages, c.network, pricing);
  const suspended = customers
    .filter((c) => c.status === "suspended")
    .map((c) => ({ name: c.name, monthlyCents: at(c, c.pricing) }));
  return {
    monthlyCents: customers
      .filter((c) => c.status === "active")
      .reduce((s, c) => s + at(c, c.pricing), 0),
    suspended,
    suspendedCents: suspended.reduce((s, c) => s + c.monthlyCents, 0),
    betaListCents: customers.reduce((s, c) => s + at(c, "beta"), 0),
    regularListCents: customers.reduce((s, c) => s + at(c, "regular"), 0),
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
