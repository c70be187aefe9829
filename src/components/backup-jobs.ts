import * as proxmox from "@muhlba91/pulumi-proxmoxve";
import * as pulumi from "@pulumi/pulumi";
import type { BackupJobSpec } from "../backups/jobs.js";
import { must } from "../util/must.js";

export interface BackupJobsArgs {
  jobs: BackupJobSpec[];
  storage: string;
  mailTo: string;
  /** each VM by VMID, so a job is written only after the VMs it lists exist */
  vmsById: ReadonlyMap<number, pulumi.Resource>;
}

/** One scheduled vzdump job per package in use (DESIGN §8). */
export class BackupJobs extends pulumi.ComponentResource {
  constructor(name: string, args: BackupJobsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lightspeedup:hosting:BackupJobs", name, {}, opts);
    for (const job of args.jobs) {
      new proxmox.backup.Job(
        `backup-${job.package}`,
        {
          resourceId: job.id,
          schedule: job.schedule,
          storage: args.storage,
          vmids: job.vmids,
          mode: "snapshot",
          compress: "zstd",
          pruneBackups: job.prune,
          mailnotification: "failure",
          mailtos: [args.mailTo],
          notesTemplate: "{{guestname}}",
          repeatMissed: true,
          enabled: true,
        },
        {
          parent: this,
          dependsOn: job.vmids.map((id) => must(args.vmsById.get(Number(id)), `VM ${id}`)),
        },
      );
    }
    this.registerOutputs({});
  }
}
