import * as proxmox from "@muhlba91/pulumi-proxmoxve";
import * as pulumi from "@pulumi/pulumi";
import { EGRESS_GROUP, egressGroupRules } from "../firewall/rules.js";
import { toProviderRules } from "../proxmox/firewall-args.js";

export interface PlatformFirewallArgs {
  publicIp: string;
}

/**
 * Cluster-wide firewall definitions shared by every customer VM. It never touches the datacenter
 * firewall switch: that is the operator's (docs/runbooks/setup.md).
 */
export class PlatformFirewall extends pulumi.ComponentResource {
  public readonly egressGroup: proxmox.cluster.firewall.security.GroupLegacy;

  constructor(name: string, args: PlatformFirewallArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lightspeedup:hosting:PlatformFirewall", name, {}, opts);
    this.egressGroup = new proxmox.cluster.firewall.security.GroupLegacy(
      "sg-egress",
      {
        name: EGRESS_GROUP,
        comment: "LightSpeedUp customer VMs: outbound deny list",
        rules: toProviderRules(egressGroupRules(args.publicIp)),
      },
      { parent: this },
    );
    this.registerOutputs({ egressGroup: this.egressGroup.name });
  }
}
