/** The business catalog (DESIGN §4). Money is integer US cents. */

export const PACKAGE_NAMES = ["starter", "business", "enterprise"] as const;
export type PackageName = (typeof PACKAGE_NAMES)[number];
export const PRICING_NAMES = ["beta", "regular"] as const;
export type PricingName = (typeof PRICING_NAMES)[number];

export interface BackupPolicy {
  /** systemd calendar event for the vzdump job */
  schedule: string;
  /** PVE prune settings, values as strings as the API wants them */
  prune: Record<string, string>;
  /** how many backups of one VM are kept */
  keptCopies: number;
}

export interface PackageSpec {
  name: PackageName;
  cores: number;
  memoryMb: number;
  diskGb: number;
  priceCents: Record<PricingName, number>;
  backup: BackupPolicy;
}

export const PACKAGES: Record<PackageName, PackageSpec> = {
  starter: {
    name: "starter",
    cores: 2,
    memoryMb: 4096,
    diskGb: 30,
    priceCents: { beta: 1450, regular: 2900 },
    backup: { schedule: "*-*-* 02:00", prune: { "keep-daily": "7" }, keptCopies: 7 },
  },
  business: {
    name: "business",
    cores: 6,
    memoryMb: 16384,
    diskGb: 120,
    priceCents: { beta: 4450, regular: 8900 },
    backup: { schedule: "*-*-* 02:00", prune: { "keep-daily": "14" }, keptCopies: 14 },
  },
  enterprise: {
    name: "enterprise",
    cores: 12,
    memoryMb: 32768,
    diskGb: 300,
    priceCents: { beta: 9950, regular: 19900 },
    backup: {
      schedule: "hourly",
      prune: { "keep-hourly": "24", "keep-daily": "30" },
      keptCopies: 54,
    },
  },
};
