import type { firewall } from "@muhlba91/pulumi-proxmoxve";
import type { HostingConfig } from "../config/schema.js";
import { type FirewallRule, VM_FIREWALL_OPTIONS } from "../firewall/rules.js";

type Target = { nodeName: string; vmId: number };

export function firewallOptionsArgs(target: Target): firewall.OptionsLegacyArgs {
  return {
    ...target,
    enabled: true,
    ...VM_FIREWALL_OPTIONS,
    logLevelIn: "info",
    logLevelOut: "nolog",
  };
}

export function ipfilterArgs(target: Target, address: string): firewall.IpsetLegacyArgs {
  return {
    ...target,
    name: "ipfilter-net0",
    comment: "anti-spoofing: the one address of net0",
    cidrs: [{ name: address, comment: "assigned address" }],
  };
}

export function toProviderRules(rules: readonly FirewallRule[]) {
  return rules.map((r) => ({ enabled: true, ...r }));
}

export function vmRulesTarget(config: HostingConfig, vmid: number): Target {
  return { nodeName: config.node, vmId: vmid };
}
