import * as proxmox from "@muhlba91/pulumi-proxmoxve";
import * as pulumi from "@pulumi/pulumi";

export interface IsolatedNetworkArgs {
  nodeName: string;
  /** N of vmbr<N> */
  bridgeNumber: number;
  customer: string;
}

/**
 * A customer's own bridge: no physical ports and no host address — the hypervisor stays off
 * customer networks; the edge VM is the gateway (docs/architecture.md).
 */
export class IsolatedNetwork extends pulumi.ComponentResource {
  public readonly bridge: proxmox.network.linux.Bridge;

  constructor(name: string, args: IsolatedNetworkArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lightspeedup:hosting:IsolatedNetwork", name, {}, opts);
    const n = args.bridgeNumber;
    this.bridge = new proxmox.network.linux.Bridge(
      `bridge-${n}`,
      {
        nodeName: args.nodeName,
        name: `vmbr${n}`,
        comment: `LightSpeedUp isolated network of ${args.customer}`,
        autostart: true,
        vlanAware: false,
      },
      { parent: this, protect: true },
    );
    this.registerOutputs({ bridge: this.bridge.name });
  }
}
