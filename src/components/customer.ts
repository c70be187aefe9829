import * as proxmox from "@muhlba91/pulumi-proxmoxve";
import * as pulumi from "@pulumi/pulumi";
import type { HostingConfig } from "../config/schema.js";
import type { PlannedCustomer } from "../model/hosting-plan.js";
import { poolIdFor } from "../proxmox/vm-args.js";
import { CustomerVm } from "./customer-vm.js";
import { IsolatedNetwork } from "./isolated-network.js";

export interface CustomerArgs {
  customer: PlannedCustomer;
  config: HostingConfig;
  egressGroup: pulumi.Resource;
}

/**
 * Everything Proxmox holds for one customer: its pool, its isolated bridge (isolated tier) and its
 * VMs. Children are named by VMID or bridge number, so renaming a customer or a role keeps URNs.
 */
export class Customer extends pulumi.ComponentResource {
  public readonly vms: CustomerVm[];
  public readonly network?: IsolatedNetwork;

  constructor(name: string, args: CustomerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lightspeedup:hosting:Customer", name, {}, opts);
    const { customer, config } = args;

    const pool = new proxmox.PoolLegacy(
      `pool-${customer.name}`,
      { poolId: poolIdFor(customer.name), comment: `LightSpeedUp customer ${customer.name}` },
      { parent: this },
    );
    const isolated = customer.network.isolated;
    if (isolated) {
      this.network = new IsolatedNetwork(
        `net-${isolated.bridgeNumber}`,
        { nodeName: config.node, bridgeNumber: isolated.bridgeNumber, customer: customer.name },
        { parent: this },
      );
    }
    const dependsOn: pulumi.Resource[] = this.network ? [pool, this.network.bridge] : [pool];
    this.vms = customer.vms.map(
      (vm) => new CustomerVm(`vm-${vm.vmid}`, { customer, vm, config, dependsOn, egressGroup: args.egressGroup }, { parent: this }),
    );
    this.registerOutputs({ vmIds: this.vms.map((v) => v.vm.vmId) });
  }
}
