import * as proxmox from "@muhlba91/pulumi-proxmoxve";
import type * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { CUSTOMER_VM_IGNORE_CHANGES } from "../proxmox/vm-args.js";
import type { CustomerVmResources } from "../resources/customer-resources.js";
import type { RemoteCommandSet } from "./remote-commands.js";

export interface CustomerVmArgs {
  vm: CustomerVmResources;
  /** resources the VM needs first: its pool, its bridge */
  dependsOn: pulumi.Resource[];
  /** the cluster security group its rules insert */
  egressGroup: pulumi.Resource;
  edge: RemoteCommandSet;
}

/**
 * One customer VM, its Proxmox firewall (options, anti-spoofing IP set, rule list) and its SSH
 * forward on the edge (<public IP>:<22000+VMID>).
 */
export class CustomerVm extends pulumi.ComponentResource {
  public readonly vm: proxmox.VmLegacy;
  public readonly ssh: command.remote.Command;

  constructor(name: string, args: CustomerVmArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lightspeedup:hosting:CustomerVm", name, {}, opts);
    const { vm } = args;
    const id = vm.vmid;

    this.vm = new proxmox.VmLegacy(`vm-${id}`, vm.vm, {
      parent: this,
      protect: true,
      ignoreChanges: CUSTOMER_VM_IGNORE_CHANGES,
      dependsOn: args.dependsOn,
      // An adopted VM already exists: take it over instead of creating one.
      ...(vm.importId && { import: vm.importId }),
    });

    const afterVm = { parent: this, dependsOn: [this.vm] };
    new proxmox.firewall.OptionsLegacy(`fw-options-${id}`, vm.firewallOptions, afterVm);
    // cidrs are ForceNew and the set's name is fixed: delete the old set before creating the new one.
    new proxmox.firewall.IpsetLegacy(`fw-ipfilter-${id}`, vm.ipfilter, {
      ...afterVm,
      deleteBeforeReplace: true,
    });
    new proxmox.firewall.RulesLegacy(`fw-rules-${id}`, vm.rules, {
      parent: this,
      dependsOn: [this.vm, args.egressGroup],
    });
    this.ssh = args.edge.declare(vm.sshUnit, this, (need) => {
      if (need.kind === "vm" && need.vmid === id) return this.vm;
      throw new Error(`internal error: VM ${id} cannot resolve ${JSON.stringify(need)}`);
    });
    this.registerOutputs({ vmId: this.vm.vmId });
  }
}
