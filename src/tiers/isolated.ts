import type { HostingConfig } from "../config/schema.js";
import type { CustomerFile } from "../model/customer-schema.js";
import {
  bridgeNumber,
  EDGE_MAX_SLOT,
  edgeNicMac,
  edgeSlotIndex,
  isolatedHost,
  isolatedHostParts,
  isolatedSubnet,
} from "../network/addressing.js";
import { subnetContains } from "../network/ip.js";
import { must } from "../util/must.js";
import type { CustomerNetwork, NetworkTier, ReportProblem } from "./tier.js";

/**
 * Isolated tier: a bridge of the customer's own (vmbr<N>, no ports, no host address), subnet
 * 10.0.<N-10>.0/24, and the edge VM as gateway .1 through its NIC net<N-9>.
 */
export const isolatedTier: NetworkTier = {
  kind: "isolated",

  check(customer: CustomerFile, config: HostingConfig, report: ReportProblem): void {
    const { firstBridge, lastBridge } = config.isolated;
    if (customer.bridge === undefined) {
      report(
        ["bridge"],
        `is required for network: isolated (a free bridge vmbr${firstBridge}..vmbr${lastBridge}; customer:new picks one)`,
      );
    } else {
      const n = bridgeNumber(customer.bridge);
      if (n === undefined || n < firstBridge || n > lastBridge) {
        report(["bridge"], `must be vmbr${firstBridge}..vmbr${lastBridge}, not ${customer.bridge}`);
      } else {
        const slot = `net${edgeSlotIndex(n)}`;
        const reserved = [config.edge.uplink.slot, ...config.edge.reservedSlots];
        if (edgeSlotIndex(n) > EDGE_MAX_SLOT) {
          report(
            ["bridge"],
            `${customer.bridge} would need edge NIC slot ${slot}, but a VM has only net0..net${EDGE_MAX_SLOT}; use vmbr${firstBridge}..vmbr${EDGE_MAX_SLOT + 9}`,
          );
        } else if (reserved.includes(slot)) {
          report(
            ["bridge"],
            `${customer.bridge} would need edge NIC slot ${slot}, which is reserved on the edge VM (hosting:edge); pick another bridge`,
          );
        }
      }
    }
    const seen = new Map<number, number>();
    customer.vms.forEach((vm, i) => {
      if (vm.address === undefined) return;
      const first = seen.get(vm.address);
      if (first !== undefined)
        report(
          ["vms", i, "address"],
          `.${vm.address} is already pinned by vms[${first}]; each VM needs its own address`,
        );
      else seen.set(vm.address, i);
    });
    const parts = isolatedHostParts(customer.vms.map((vm) => vm.address));
    parts.forEach((part, i) => {
      if (part === undefined)
        report(["vms", i], "no free address is left on this isolated network (.10-.250)");
    });
    const n = customer.bridge ? bridgeNumber(customer.bridge) : undefined;
    customer.vms.forEach((vm, i) => {
      if (vm.adopted && n !== undefined && !subnetContains(isolatedSubnet(n), vm.adopted.address)) {
        report(
          ["vms", i, "adopted", "address"],
          `must be inside ${isolatedSubnet(n)}, the subnet of ${customer.bridge}`,
        );
      }
    });
  },

  resolve(customer: CustomerFile): CustomerNetwork {
    const bridge = must(customer.bridge, `bridge of ${customer.name}`);
    const n = must(bridgeNumber(bridge), `number of ${bridge}`);
    const parts = isolatedHostParts(customer.vms.map((vm) => vm.address));
    return {
      kind: "isolated",
      bridge,
      subnet: isolatedSubnet(n),
      prefixLength: 24,
      gateway: isolatedHost(n, 1),
      edgeAddress: isolatedHost(n, 1),
      isolated: { bridgeNumber: n, edgeSlot: `net${edgeSlotIndex(n)}`, edgeMac: edgeNicMac(n) },
      vmAddresses: customer.vms.map(
        (vm, i) =>
          vm.adopted?.address ?? isolatedHost(n, must(parts[i], `address of VM ${vm.vmid}`)),
      ),
    };
  },
};
