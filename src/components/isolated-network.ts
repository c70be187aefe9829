import * as proxmox from "@muhlba91/pulumi-proxmoxve";
import type * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { networkCommand } from "../edge/network/scripts.js";
import type { EdgeNetContext, EdgeNetworkSpec } from "../edge/network/specs.js";
import type { EdgeContext } from "./customer-web.js";
import { edgeCommand } from "./edge-command.js";
import { EdgeNic } from "./edge-nic.js";

export interface IsolatedNetworkArgs {
  nodeName: string;
  network: EdgeNetworkSpec;
  edge: EdgeContext & {
    vmId: number;
    reservedSlots: string[];
    slot: string;
    net: EdgeNetContext;
    netBase: pulumi.Resource;
  };
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
    const { network, edge } = args;
    const n = network.bridgeNumber;
    this.bridge = new proxmox.network.linux.Bridge(
      `bridge-${n}`,
      {
        nodeName: args.nodeName,
        name: `vmbr${n}`,
        comment: `LightSpeedUp isolated network of ${network.customer}`,
        autostart: true,
        vlanAware: false,
      },
      { parent: this, protect: true },
    );
    this.nic = new EdgeNic(
      `edge-nic-${n}`,
      {
        node: args.nodeName,
        vmid: edge.vmId,
        slot: edge.slot,
        mac: network.mac,
        bridge: `vmbr${n}`,
        reservedSlots: edge.reservedSlots,
      },
      { parent: this, protect: true, dependsOn: [this.bridge] },
    );
    const script = networkCommand(network, edge.net, edge.paths);
    this.edgeCommand = edgeCommand(`edge-net-${n}`, script, edge, {
      parent: this,
      dependsOn: [this.nic, edge.netBase],
    });
    this.registerOutputs({ bridge: this.bridge.name });
  }
}
