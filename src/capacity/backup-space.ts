import type { PackageSpec } from "../catalog/packages.js";

/** Assumed share of a VM's disk that changes between two backups on Proxmox Backup Server. */
export const PBS_CHANGE_PER_BACKUP = 0.02;

export interface BackupSpaceEstimate {
  /** upper bound in GiB, before compression */
  totalGb: number;
  assumption: string;
}

/**
 * Backup space, as an upper bound: on plain storage every kept backup is a full copy of the
 * provisioned disk; on PBS one full copy plus an assumed change per kept backup (deduplicated).
 */
export function estimateBackupSpace(
  packages: readonly PackageSpec[],
  proxmoxBackupServer: boolean,
): BackupSpaceEstimate {
  const totalGb = packages.reduce((sum, p) => {
    const copies = p.backup.keptCopies;
    return (
      sum +
      (proxmoxBackupServer
        ? p.diskGb * (1 + PBS_CHANGE_PER_BACKUP * (copies - 1))
        : p.diskGb * copies)
    );
  }, 0);
  return {
    totalGb: Math.round(totalGb),
    assumption: proxmoxBackupServer
      ? `Proxmox Backup Server: one full copy per VM plus ${PBS_CHANGE_PER_BACKUP * 100}% of its disk per further kept backup, before compression`
      : "plain storage: every kept backup is a full copy of the provisioned disk, before compression",
  };
}
