import type { firewall, network, PoolLegacyArgs, VmLegacyArgs } from "@muhlba91/pulumi-proxmoxve";
import { edgeReservedSlots } from "../config/derived.js";
import type { HostingConfig } from "../config/schema.js";
import { customerDnsRecords, type DnsRecordSpec } from "../dns/records.js";
import { customerSites } from "../edge/sites.js";
import { EDGE_UNIT_NAMES } from "../edge/units/edge-unit.js";
import { vmRules } from "../firewall/rules.js";
import type { PlannedCustomer } from "../model/hosting-plan.js";
import type { EdgeNicSpec } from "../proxmox/edge-nic/runtime.cjs";
import {
  firewallOptionsArgs,
  ipfilterArgs,
  toProviderRules,
  vmRulesTarget,
} from "../proxmox/firewall-args.js";
import { customerVmArgs, poolIdFor } from "../proxmox/vm-args.js";

/** One customer VM's resources: the VM, its firewall and the edge unit of its SSH forward. */
export interface CustomerVmResources {
  vmid: number;
  vm: VmLegacyArgs;
  /** set for an adopted VM: the program takes it over (`<node>/<vmid>`) instead of cloning */
  importId?: string;
  firewallOptions: firewall.OptionsLegacyArgs;
  ipfilter: firewall.IpsetLegacyArgs;
  rules: firewall.RulesLegacyArgs;
  sshUnit: string;
}

export interface IsolatedNetworkResources {
  bridgeNumber: number;
  bridge: network.linux.BridgeArgs;
  edgeNic: EdgeNicSpec;
  edgeUnit: string;
}

/** Everything one customer has, as provider inputs and edge unit names. */
export interface CustomerResources {
  pool: PoolLegacyArgs;
  network?: IsolatedNetworkResources;
  vms: CustomerVmResources[];
  dnsRecords: DnsRecordSpec[];
  sites: { domain: string; unit: string }[];
}

/** The resources of one planned customer (DESIGN §8, §9). Pure. */
export function customerResources(
  customer: PlannedCustomer,
  config: HostingConfig,
): CustomerResources {
  const isolated = customer.network.isolated;
  const addresses = customer.vms.map((v) => v.address);
  const vmRuleList = toProviderRules(vmRules(addresses, customer.network.edgeAddress));
  return {
    pool: { poolId: poolIdFor(customer.name), comment: `LightSpeedUp customer ${customer.name}` },
    network: isolated && {
      bridgeNumber: isolated.bridgeNumber,
      bridge: {
        nodeName: config.node,
        name: customer.network.bridge,
        comment: `LightSpeedUp isolated network of ${customer.name}`,
        autostart: true,
        vlanAware: false,
      },
      edgeNic: {
        node: config.node,
        vmid: config.edge.vmId,
        slot: isolated.edgeSlot,
        mac: isolated.edgeMac,
        bridge: customer.network.bridge,
        reservedSlots: edgeReservedSlots(config),
      },
      edgeUnit: EDGE_UNIT_NAMES.network(isolated.bridgeNumber),
    },
    vms: customer.vms.map((vm) => {
      const target = vmRulesTarget(config, vm.vmid);
      return {
        vmid: vm.vmid,
        vm: customerVmArgs(customer, vm, config),
        importId: vm.adopted ? `${config.node}/${vm.vmid}` : undefined,
        firewallOptions: firewallOptionsArgs(target),
        ipfilter: ipfilterArgs(target, vm.address),
        rules: { ...target, rules: vmRuleList },
        sshUnit: EDGE_UNIT_NAMES.ssh(vm.vmid),
      };
    }),
    dnsRecords: customerDnsRecords(customer, config),
    sites: customerSites(customer).map((s) => ({
      domain: s.domain,
      unit: EDGE_UNIT_NAMES.site(s.key),
    })),
  };
}
