import type { HostingConfig } from "../config/schema.js";
import type { CustomerFile } from "../model/customer-schema.js";
import { communityAddress } from "../network/addressing.js";
import { parseSubnet, subnetContains } from "../network/ip.js";
import { lanSegment } from "../network/ownership.js";
import type { CustomerNetwork, NetworkTier, ReportProblem, TierContext } from "./tier.js";

/** Community tier: one shared LAN bridge, address = subnet base + VMID, the router as gateway. */
export const communityTier: NetworkTier = {
  name: "community",
  addonCents: { beta: 0, regular: 0 },
  exposedWithoutDatacenterFirewall: true,

  segments: (config: HostingConfig) => [lanSegment(config)],

  check(customer: CustomerFile, { config }: TierContext, report: ReportProblem): void {
    if (customer.bridge !== undefined) {
      report(
        ["bridge"],
        "is only for network: isolated; remove it (community VMs use the shared LAN bridge)",
      );
    }
    customer.vms.forEach((vm, i) => {
      if (vm.address !== undefined) {
        report(
          ["vms", i, "address"],
          "is only for network: isolated; a community VM's address is the subnet base + its VMID",
        );
      }
      const { subnet } = config.community;
      if (vm.adopted && !subnetContains(subnet, vm.adopted.address))
        report(["vms", i, "adopted", "address"], `must be inside the community subnet ${subnet}`);
    });
  },

  resolve(customer: CustomerFile, config: HostingConfig): CustomerNetwork {
    const subnet = parseSubnet(config.community.subnet);
    return {
      kind: "community",
      bridge: config.community.bridge,
      subnet: subnet.cidr,
      prefixLength: subnet.prefixLength,
      gateway: config.community.gateway,
      edgeAddress: config.edge.uplink.address,
      vmAddresses: customer.vms.map(
        (vm) => vm.adopted?.address ?? communityAddress(subnet.cidr, vm.vmid),
      ),
      label: `community ${config.community.bridge}`,
    };
  },

  warnings: () => [],
};
