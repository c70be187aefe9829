import type { PackageName } from "./packages.js";

/**
 * Sustained outbound bandwidth each package includes (docs/monitoring.md). The uplink is 1 Gbit/s
 * shared by ~20 customers, about 50 Mbit/s each on average; a VM above its allowance for 10 minutes
 * raises LsuVmBandwidthOverAllowance. Business policy: change it here, the alert rules follow.
 */
export const BANDWIDTH_ALLOWANCE_MBPS: Record<PackageName, number> = {
  starter: 20,
  business: 50,
  enterprise: 100,
};

/** How old a VM's newest backup may get before it is missing (schedule + slack), in hours. */
export const BACKUP_MAX_AGE_HOURS: Record<PackageName, number> = {
  starter: 26,
  business: 26,
  enterprise: 3,
};
