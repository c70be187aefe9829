import * as proxmox from "@muhlba91/pulumi-proxmoxve";
import type * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import type { IsolatedNetworkResources } from "../resources/customer-resources.js";
import { EdgeNic } from "./edge-nic.js";
import type { RemoteCommandSet } from "./remote-commands.js";

export interface IsolatedNetworkArgs {
  network: IsolatedNetworkResources;
  edge: RemoteCommandSet;
}

/**
 * A customer's own bridge: no physical ports and no host address — the hypervisor stays off
 * customer networks; the edge VM is the gateway (docs/architecture.md): its NIC on the bridge and
 * the edge command that gives that NIC the gateway address, NAT and the isolation chains.
 */
export class IsolatedNetwork extends pulumi.ComponentResource {
  public readonly bridge: proxmox.network.linux.Bridge;
  public readonly nic: EdgeNic;
  public readonly edgeCommand: command.remote.Command;

  constructor(name: string, args: IsolatedNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lightspeedup:hosting:IsolatedNetwork", name, {}, opts);
    const { network } = args;
    const n = network.bridgeNumber;
    this.bridge = new proxmox.network.linux.Bridge(`bridge-${n}`, network.bridge, {
      parent: this,
      protect: true,
    });
    this.nic = new EdgeNic(`edge-nic-${n}`, network.edgeNic, {
      parent: this,
      protect: true,
      dependsOn: [this.bridge],
    });
    this.edgeCommand = args.edge.declare(network.edgeUnit, this, (need) => {
      if (need.kind === "edgeNic" && need.bridgeNumber === n) return this.nic;
      throw new Error(`internal error: network ${n} cannot resolve ${JSON.stringify(need)}`);
    });
    this.registerOutputs({ bridge: this.bridge.name });
  }
}
