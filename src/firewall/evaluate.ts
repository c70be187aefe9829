import { addressFamily, addressSetContains } from "../network/ip.js";
import { type FirewallRule, VM_FIREWALL_OPTIONS } from "./rules.js";

/** The ICMPv6 types pve-firewall's built-in VM rules look at (neighbour discovery). */
export type Icmpv6Type =
  | "router-solicitation"
  | "router-advertisement"
  | "neighbor-solicitation"
  | "neighbor-advertisement"
  | "echo-request";

export interface Packet {
  direction: "in" | "out";
  /** the far end: destination for out, source for in; IPv4 or IPv6 (its family is the packet's) */
  peer: string;
  proto: "tcp" | "udp" | "icmp" | "ipv6-icmp";
  port?: number;
  /** for ipv6-icmp: the message type */
  icmpv6Type?: Icmpv6Type;
}

export interface Verdict {
  action: "ACCEPT" | "DROP" | "REJECT";
  /** the rule that decided, or undefined for the policy or a built-in rule */
  rule?: FirewallRule;
  /** set when one of pve-firewall's built-in rules (options ndp/radv/dhcp) decided */
  builtin?: string;
}

export type VmFirewallOptions = {
  -readonly [K in keyof typeof VM_FIREWALL_OPTIONS]: (typeof VM_FIREWALL_OPTIONS)[K] extends boolean
    ? boolean
    : (typeof VM_FIREWALL_OPTIONS)[K];
};

function portMatches(dport: string | undefined, port: number | undefined): boolean {
  if (dport === undefined) return true;
  if (port === undefined) return false;
  return dport.split(",").some((part) => {
    const [from, to] = part.split(":").map(Number);
    return to === undefined ? port === from : port >= from && port <= to;
  });
}

function peerMatches(list: string | undefined, peer: string): boolean {
  return list === undefined || list.split(",").some((entry) => addressSetContains(entry, peer));
}

/** pve-firewall skips a rule whose address belongs to the other family (rule ipversion). */
function familyMatches(rule: FirewallRule, peer: string): boolean {
  const addresses = [rule.source, rule.dest].filter((a): a is string => a !== undefined);
  return addresses.every((a) => addressFamily(a) === addressFamily(peer));
}

/**
 * The rules pve-firewall puts in a VM's chain before the VM's own (`ruleset_create_vm_chain`,
 * `ruleset_chain_add_ndp`): DHCP unless `dhcp` is off, the router-advertisement drop on the way out
 * unless `radv`, and neighbour discovery unless `ndp` is off (an unset `ndp` counts as on).
 */
function builtinVerdict(options: VmFirewallOptions, packet: Packet): Verdict | undefined {
  const v6 = addressFamily(packet.peer) === 6;
  if (options.dhcp && packet.proto === "udp") {
    const dhcpPort = v6
      ? packet.direction === "out"
        ? 547
        : 546
      : packet.direction === "out"
        ? 67
        : 68;
    if (packet.port === dhcpPort) return { action: "ACCEPT", builtin: "dhcp" };
  }
  if (!v6 || packet.proto !== "ipv6-icmp") return undefined;
  const type = packet.icmpv6Type;
  if (packet.direction === "out" && !options.radv && type === "router-advertisement")
    return { action: "DROP", builtin: "radv" };
  if (!options.ndp) return undefined;
  const ndp: (Icmpv6Type | undefined)[] = [
    "router-solicitation",
    "neighbor-solicitation",
    "neighbor-advertisement",
  ];
  if (packet.direction === "in" || options.radv) ndp.push("router-advertisement");
  return ndp.includes(type) ? { action: "ACCEPT", builtin: "ndp" } : undefined;
}

function evaluateRules(
  rules: readonly FirewallRule[],
  groups: Record<string, FirewallRule[]>,
  packet: Packet,
): Verdict | undefined {
  for (const rule of rules) {
    if (rule.securityGroup) {
      const verdict = evaluateRules(groups[rule.securityGroup] ?? [], {}, packet);
      if (verdict) return verdict;
      continue;
    }
    if (rule.type !== packet.direction) continue;
    if (!familyMatches(rule, packet.peer)) continue;
    if (rule.proto !== undefined && rule.proto !== packet.proto) continue;
    if (!portMatches(rule.dport, packet.port)) continue;
    const peerField = packet.direction === "out" ? rule.dest : rule.source;
    if (!peerMatches(peerField, packet.peer)) continue;
    if (rule.action === undefined) continue;
    return { action: rule.action, rule };
  }
  return undefined;
}

/**
 * First-match evaluation of a VM's rules the way PVE applies them to a new connection over IPv4 or
 * IPv6: pve-firewall's built-in rules for the options, then the VM's rules (expanding security
 * groups from `groups`), then the policy (DESIGN §8: in DROP, out ACCEPT).
 */
export function evaluate(
  rules: readonly FirewallRule[],
  groups: Record<string, FirewallRule[]>,
  packet: Packet,
  options: VmFirewallOptions = VM_FIREWALL_OPTIONS,
): Verdict {
  return (
    builtinVerdict(options, packet) ??
    evaluateRules(rules, groups, packet) ?? {
      action: packet.direction === "in" ? options.inputPolicy : options.outputPolicy,
    }
  );
}
