import * as proxmox from "@muhlba91/pulumi-proxmoxve";
import * as pulumi from "@pulumi/pulumi";
import type { HostingConfig } from "../config/schema.js";
import { edgeNetworkSpec } from "../edge/network/specs.js";
import type { PlannedCustomer } from "../model/hosting-plan.js";
import { poolIdFor } from "../proxmox/vm-args.js";
import { must } from "../util/must.js";
import { CustomerVm } from "./customer-vm.js";
import { CustomerWeb, type EdgeContext } from "./customer-web.js";
import { IsolatedNetwork } from "./isolated-network.js";

export interface CustomerArgs {
  customer: PlannedCustomer;
  config: HostingConfig;
  egressGroup: pulumi.Resource;
  edge: EdgeContext;
}

/**
 * Everything one customer has: its Proxmox pool, isolated bridge (isolated tier) and VMs, and its
 * web presence (DNS records, edge sites). Children are named by VMID or bridge number, so renaming a customer or a role keeps URNs.
 */
export class Customer extends pulumi.ComponentResource {
  public readonly vms: CustomerVm[];
  public readonly network?: IsolatedNetwork;
  public readonly web: CustomerWeb;
  /** each VM resource by VMID */
  public readonly vmsById: Map<number, pulumi.Resource>;

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
        {
          nodeName: config.node,
          network: must(edgeNetworkSpec(customer), `network of ${customer.name}`),
          edge: {
            ...args.edge,
            vmId: config.edge.vmId,
            slot: isolated.edgeSlot,
            reservedSlots: [config.edge.uplink.slot, ...config.edge.reservedSlots],
          },
        },
        { parent: this },
      );
    }
    const dependsOn: pulumi.Resource[] = this.network ? [pool, this.network.bridge] : [pool];
    this.vms = customer.vms.map(
      (vm) =>
        new CustomerVm(
          `vm-${vm.vmid}`,
          {
            customer,
            vm,
            config,
            dependsOn,
            egressGroup: args.egressGroup,
            edge: args.edge,
            sshAfter: this.network ? [this.network.edgeCommand] : [],
          },
          { parent: this },
        ),
    );
    this.vmsById = new Map(
      customer.vms.map((vm, i): [number, pulumi.Resource] => [vm.vmid, this.vms[i].vm]),
    );
    this.web = new CustomerWeb(
      `web-${customer.name}`,
      { customer, config, edge: args.edge, vmsById: this.vmsById },
      { parent: this },
    );
    this.registerOutputs({ vmIds: this.vms.map((v) => v.vm.vmId) });
  }
}
