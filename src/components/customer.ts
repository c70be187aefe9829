import * as proxmox from "@muhlba91/pulumi-proxmoxve";
import * as pulumi from "@pulumi/pulumi";
import type { CustomerResources } from "../resources/customer-resources.js";
import { CustomerVm } from "./customer-vm.js";
import { CustomerWeb } from "./customer-web.js";
import { IsolatedNetwork } from "./isolated-network.js";
import type { RemoteCommandSet } from "./remote-commands.js";

export interface CustomerArgs {
  /** the customer's name, for the web component's name */
  name: string;
  resources: CustomerResources;
  egressGroup: pulumi.Resource;
  edge: RemoteCommandSet;
}

/**
 * Everything one customer has: its Proxmox pool, isolated bridge (isolated tier) and VMs, and its
 * web presence (DNS records, edge sites). Children are named by VMID or bridge number, so renaming
 * a customer or a role keeps URNs.
 */
export class Customer extends pulumi.ComponentResource {
  public readonly vms: CustomerVm[];
  public readonly network?: IsolatedNetwork;
  public readonly web: CustomerWeb;
  /** each VM resource by VMID */
  public readonly vmsById: ReadonlyMap<number, pulumi.Resource>;

  constructor(name: string, args: CustomerArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lightspeedup:hosting:Customer", name, {}, opts);
    const { resources, edge } = args;
    const pool = new proxmox.PoolLegacy(`pool-${args.name}`, resources.pool, { parent: this });
    if (resources.network) {
      this.network = new IsolatedNetwork(
        `net-${resources.network.bridgeNumber}`,
        { network: resources.network, edge },
        { parent: this },
      );
    }
    const dependsOn: pulumi.Resource[] = this.network ? [pool, this.network.bridge] : [pool];
    this.vms = resources.vms.map(
      (vm) =>
        new CustomerVm(
          `vm-${vm.vmid}`,
          { vm, dependsOn, egressGroup: args.egressGroup, edge },
          { parent: this },
        ),
    );
    this.vmsById = new Map(this.vms.map((v, i) => [resources.vms[i].vmid, v.vm]));
    this.web = new CustomerWeb(
      `web-${args.name}`,
      { dnsRecords: resources.dnsRecords, sites: resources.sites, edge, vmsById: this.vmsById },
      { parent: this },
    );
    this.registerOutputs({ vmIds: this.vms.map((v) => v.vm.vmId) });
  }
}
