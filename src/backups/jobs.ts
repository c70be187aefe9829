import { PACKAGE_NAMES, PACKAGES, type PackageName } from "../catalog/packages.js";

export interface BackupJobSpec {
  package: PackageName;
  /** PVE job id */
  id: string;
  schedule: string;
  prune: Record<string, string>;
  /** VMIDs as strings, sorted numerically */
  vmids: string[];
}

/** One vzdump job per package that has VMs (DESIGN §8); a package with no VMs gets no job. */
export function backupJobs(
  vms: readonly { vmid: number; package: PackageName }[],
): BackupJobSpec[] {
  return PACKAGE_NAMES.flatMap((name) => {
    const vmids = vms
      .filter((v) => v.package === name)
      .map((v) => v.vmid)
      .sort((a, b) => a - b);
    if (vmids.length === 0) return [];
    const { schedule, prune } = PACKAGES[name].backup;
    return [{ package: name, id: `lsu-${name}`, schedule, prune, vmids: vmids.map(String) }];
  });
}
