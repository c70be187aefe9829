import * as proxmox from "@muhlba91/pulumi-proxmoxve";
import type * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import type { HostingConfig } from "../config/schema.js";
import { sshCommand } from "../edge/network/scripts.js";
import { vmRules } from "../firewall/rules.js";
import type { PlannedCustomer, PlannedVm } from "../model/hosting-plan.js";
import {
  firewallOptionsArgs,
  ipfilterArgs,
  toProviderRules,
  vmRulesTarget,
} from "../proxmox/firewall-args.js";
import { CUSTOMER_VM_IGNORE_CHANGES, customerVmArgs } from "../proxmox/vm-args.js";
import type { EdgeContext } from "./customer-web.js";
import { edgeCommand } from "./edge-command.js";

export interface CustomerVmArgs {
  customer: PlannedCustomer;
  vm: PlannedVm;
  config: HostingConfig;
  /** resources the VM needs first: its pool, its bridge */
  dependsOn: pulumi.Resource[];
  /** the cluster security group its rules insert */
  egressGroup: pulumi.Resource;
  edge: EdgeContext;
  /** what the SSH forward needs first besides the VM: the isolated network's edge command */
  sshAfter: pulumi.Resource[];
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
    const { customer, vm, config } = args;
    const id = vm.vmid;

    this.vm = new proxmox.VmLegacy(`vm-${id}`, customerVmArgs(customer, vm, config), {
      parent: this,
      protect: true,
      ignoreChanges: CUSTOMER_VM_IGNORE_CHANGES,
      dependsOn: args.dependsOn,
      // An adopted VM already exists: take it over instead of creating one.
      ...(vm.adopted && { import: `${config.node}/${id}` }),
    });

    const target = vmRulesTarget(config, id);
    const afterVm = { parent: this, dependsOn: [this.vm] };
    new proxmox.firewall.OptionsLegacy(`fw-options-${id}`, firewallOptionsArgs(target), afterVm);
    // cidrs are ForceNew and the set's name is fixed: delete the old set before creating the new one.
    new proxmox.firewall.IpsetLegacy(`fw-ipfilter-${id}`, ipfilterArgs(target, vm.address), {
      ...afterVm,
      deleteBeforeReplace: true,
    });
    new proxmox.firewall.RulesLegacy(
      `fw-rules-${id}`,
      {
        ...target,
        rules: toProviderRules(
          vmRules(
            customer.vms.map((v) => v.address),
            customer.network.edgeAddress,
          ),
        ),
      },
      { parent: this, dependsOn: [this.vm, args.egressGroup] },
    );
    const ssh = sshCommand(
      { vmid: id, customer: customer.name, address: vm.address, port: vm.sshPort },
      customer.network.edgeAddress,
      args.edge.net,
      args.edge.paths,
    );
    this.ssh = edgeCommand(`edge-ssh-${id}`, ssh, args.edge, {
      parent: this,
      dependsOn: [this.vm, args.edge.netBase, ...args.sshAfter],
    });
    this.registerOutputs({ vmId: this.vm.vmId });
  }
}
