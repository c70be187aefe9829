import { BACKUP_MAX_AGE_HOURS, BANDWIDTH_ALLOWANCE_MBPS } from "../catalog/bandwidth.js";
import type { HostingPlan } from "../model/analyze.js";
import type { CustomerStatus } from "../model/hosting-plan.js";

/** One customer VM as monitoring labels it: the PVE exporter's `id` plus the plan's labels. */
export interface MonitoredVm {
  /** the PVE exporter's guest id, qemu/<VMID> */
  id: string;
  vmid: number;
  /** Proxmox VM name <customer>-<role> */
  name: string;
  customer: string;
  package: string;
  /** network tier: community | isolated */
  tier: string;
  bridge: string;
  role: string;
  status: CustomerStatus;
  address: string;
  allowanceBps: number;
  backupMaxAgeSeconds: number;
  cores: number;
  memoryBytes: number;
  diskBytes: number;
}

/** Every customer VM, sorted by VMID. Pure. */
export function monitoredVms(plan: Pick<HostingPlan, "customers">): MonitoredVm[] {
  return plan.customers
    .flatMap((c) =>
      c.vms.map(
        (vm): MonitoredVm => ({
          id: `qemu/${vm.vmid}`,
          vmid: vm.vmid,
          name: vm.name,
          customer: c.name,
          package: vm.package.name,
          tier: c.network.kind,
          bridge: c.network.bridge,
          role: vm.role,
          status: c.status,
          address: vm.address,
          allowanceBps: BANDWIDTH_ALLOWANCE_MBPS[vm.package.name] * 1_000_000,
          backupMaxAgeSeconds: BACKUP_MAX_AGE_HOURS[vm.package.name] * 3600,
          cores: vm.package.cores,
          memoryBytes: vm.package.memoryMb * 1024 * 1024,
          diskBytes: vm.package.diskGb * 1024 ** 3,
        }),
      ),
    )
    .sort((a, b) => a.vmid - b.vmid);
}

/** The labels every customer series carries, in this order (also the relabelling's layout). */
export const VM_LABELS = ["customer", "package", "tier", "bridge", "role"] as const;
