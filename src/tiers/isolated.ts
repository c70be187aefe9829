import { edgeReservedSlots } from "../config/derived.js";
import type { HostingConfig } from "../config/schema.js";
import type { CustomerFile } from "../model/customer-schema.js";
import {
  bridgeNumber,
  edgeNicMac,
  edgeSlotIndex,
  isolatedHost,
  isolatedHostParts,
  isolatedSubnet,
} from "../network/addressing.js";
import { subnetContains } from "../network/ip.js";
import { isolatedSegment } from "../network/ownership.js";
import { must } from "../util/must.js";
import type { CustomerNetwork, NetworkTier, ReportProblem, TierContext } from "./tier.js";

/** The isolated network add-on per customer and month (DESIGN §4). */
export const ISOLATED_ADDON_CENTS = { beta: 500, regular: 1000 } as const;

/**
 * Isolated tier: a bridge of the customer's own (vmbr<N>, no ports, no host address), subnet
 * 10.0.<N-10>.0/24, and the edge VM as gateway .1 through its NIC net<N-9>.
 */
export const isolatedTier: NetworkTier = {
  name: "isolated",
  addonCents: ISOLATED_ADDON_CENTS,
  exposedWithoutDatacenterFirewall: false,

  segments(config: HostingConfig) {
    const out = [];
    for (let n = config.isolated.firstBridge; n <= config.isolated.lastBridge; n++)
      out.push(isolatedSegment(n));
    return out;
  },

  check(customer: CustomerFile, context: TierContext, report: ReportProblem): void {
    const n = checkBridge(customer, context, report);
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
    const gateway = isolatedHost(n, 1);
    return {
      kind: "isolated",
      bridge,
      subnet: isolatedSubnet(n),
      prefixLength: 24,
      gateway,
      edgeAddress: gateway,
      isolated: {
        bridgeNumber: n,
        edgeSlot: `net${edgeSlotIndex(n)}`,
        edgeMac: edgeNicMac(n),
        edgeIfname: `lsu${n}`,
        gatewayCidr: `${gateway}/24`,
      },
      vmAddresses: customer.vms.map(
        (vm, i) =>
          vm.adopted?.address ?? isolatedHost(n, must(parts[i], `address of VM ${vm.vmid}`)),
      ),
      label: `isolated ${bridge} ${isolatedSubnet(n)}`,
    };
  },

  warnings(customer: CustomerFile, file: string): string[] {
    return customer.vms.flatMap((vm, i) =>
      vm.address === undefined && !vm.adopted
        ? [
            `${file}: vms[${i}] has no pinned address; pin it with "address:" so reordering VMs can never move it`,
          ]
        : [],
    );
  },
};

/** The bridge's rules: required, in range, a free edge slot, never retired, unique. */
function checkBridge(
  customer: CustomerFile,
  { config, retired, retiredFile, claimUnique }: TierContext,
  report: ReportProblem,
): number | undefined {
  const { firstBridge, lastBridge } = config.isolated;
  if (customer.bridge === undefined) {
    report(
      ["bridge"],
      `is required for network: isolated (a free bridge vmbr${firstBridge}..vmbr${lastBridge}; customer:new picks one)`,
    );
    return undefined;
  }
  const bridge = customer.bridge;
  const gone = retired.bridges.find((r) => r.bridge === bridge);
  if (gone)
    report(
      ["bridge"],
      `${bridge} was retired on ${gone.retiredOn} (customer ${gone.customer}, ${retiredFile}) and is never reused`,
    );
  claimUnique(`bridge ${bridge}`, ["bridge"], `bridge ${bridge}`);
  const n = bridgeNumber(bridge);
  if (n === undefined || n < firstBridge || n > lastBridge) {
    report(["bridge"], `must be vmbr${firstBridge}..vmbr${lastBridge}, not ${bridge}`);
    return undefined;
  }
  // hosting:isolated is at most vmbr10..vmbr40, so the slot is always one of the edge's net1..net31
  const slot = `net${edgeSlotIndex(n)}`;
  if (edgeReservedSlots(config).includes(slot)) {
    report(
      ["bridge"],
      `${bridge} would need edge NIC slot ${slot}, which is reserved on the edge VM (hosting:edge); pick another bridge`,
    );
  }
  return n;
}
