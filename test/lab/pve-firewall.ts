import type { FirewallRule } from "../../src/firewall/rules.js";

/**
 * The lab's model of pve-firewall (proxmox/pve-firewall, src/PVE/Firewall.pm) for the VM NICs the
 * plan declares: the same chain layout on the same kernel hooks, generated from the project's own
 * rule data (src/firewall/rules.ts) and firewall options (src/proxmox/firewall-args.ts).
 *
 * PVE puts each NIC with `firewall=1` behind its own bridge: tap<vmid>i0 and fwln<vmid>i0 in
 * fwbr<vmid>i0, fwpr<vmid>p0 in vmbr0 (the lab names them labt/labl/labb/labp<vmid>). With
 * br_netfilter every frame crossing fwbr passes iptables FORWARD, where PVEFW-FORWARD drops INVALID,
 * accepts ESTABLISHED/RELATED, and sends what leaves the VM (physdev-in tap) to tap-OUT and what
 * enters it (physdev-out tap) to tap-IN. ebtables adds the MAC filter and ARP ipfilter.
 */

export interface PortFirewall {
  vmid: number;
  /** the VM's tap port in the host namespace (PVE: tap<vmid>i0) */
  tap: string;
  mac: string;
  /** the ipfilter-net0 set: the VM's one address */
  address: string;
  /** PVE adds the MAC-derived link-local address to the IPv6 ipfilter set itself */
  linkLocal: string;
  rules: readonly FirewallRule[];
  options: FirewallOptions;
}

/** The subset of firewall.OptionsLegacyArgs pve-firewall's VM chains depend on. */
export interface FirewallOptions {
  enabled?: unknown;
  inputPolicy?: unknown;
  outputPolicy?: unknown;
  ipfilter?: unknown;
  macfilter?: unknown;
  dhcp?: unknown;
  ndp?: unknown;
  radv?: unknown;
}

type Family = 4 | 6;
const RULE_KEYS = new Set([
  "type",
  "action",
  "proto",
  "dport",
  "source",
  "dest",
  "securityGroup",
  "comment",
]);

/** Link-local address from a MAC, as PVE::Firewall::mac_to_linklocal and the kernel's EUI-64. */
export function macToLinkLocal(mac: string): string {
  const b = mac.split(":").map((h) => Number.parseInt(h, 16));
  b[0] ^= 2;
  const hex = (x: number, y: number) => ((x << 8) | y).toString(16);
  return `fe80::${hex(b[0], b[1])}:${hex(b[2], 0xff)}:${hex(0xfe, b[3])}:${hex(b[4], b[5])}`;
}

function addressFamily(list: string | undefined): Family | undefined {
  if (list === undefined) return undefined;
  const families = new Set(list.split(",").map((a) => (a.includes(":") ? 6 : 4)));
  if (families.size !== 1) throw new Error(`mixed address families in ${list}`);
  return [...families][0] as Family;
}

/** iptables matches of one rule for one family, or undefined when the rule is for the other one. */
function ruleMatch(rule: FirewallRule, family: Family): string | undefined {
  for (const key of Object.keys(rule))
    if (!RULE_KEYS.has(key))
      throw new Error(`the lab's pve-firewall model does not know rule field ${key}`);
  const src = addressFamily(rule.source);
  const dst = addressFamily(rule.dest);
  if ((src && src !== family) || (dst && dst !== family)) return undefined;
  const parts: string[] = [];
  if (rule.proto) parts.push(`-p ${rule.proto === "icmp" && family === 6 ? "icmpv6" : rule.proto}`);
  if (rule.source) parts.push(`-s ${rule.source}`);
  if (rule.dest) parts.push(`-d ${rule.dest}`);
  if (rule.dport) {
    if (!rule.proto) throw new Error(`a port without a protocol: ${JSON.stringify(rule)}`);
    parts.push(
      /[,]/.test(rule.dport) ? `-m multiport --dports ${rule.dport}` : `--dport ${rule.dport}`,
    );
  }
  return parts.join(" ");
}

function target(action: FirewallRule["action"]): string {
  if (action === "REJECT") return "-j LABFW-reject";
  if (action === "ACCEPT" || action === "DROP") return `-j ${action}`;
  throw new Error(`rule without an action: ${action}`);
}

function policy(value: unknown, fallback: "ACCEPT" | "DROP"): string {
  const p = value ?? fallback;
  if (p === "ACCEPT" || p === "DROP") return `-j ${p}`;
  if (p === "REJECT") return "-j LABFW-reject";
  throw new Error(`unknown policy ${String(p)}`);
}

/** iptables-restore (family 4) or ip6tables-restore (family 6) input for every port. */
export function pveFirewallRules(
  ports: readonly PortFirewall[],
  groups: Record<string, readonly FirewallRule[]>,
  family: Family,
): string {
  const chains = ["LABFW-FORWARD", "LABFW-FWBR-IN", "LABFW-FWBR-OUT", "LABFW-reject"];
  const lines: string[] = [
    "-A FORWARD -j LABFW-FORWARD",
    "-A LABFW-FORWARD -m conntrack --ctstate INVALID -j DROP",
    "-A LABFW-FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT",
    "-A LABFW-FORWARD -m physdev --physdev-is-bridged --physdev-in labl+ -j LABFW-FWBR-IN",
    "-A LABFW-FORWARD -m physdev --physdev-is-bridged --physdev-out labl+ -j LABFW-FWBR-OUT",
    ...(family === 4
      ? [
          "-A LABFW-reject -m addrtype --dst-type BROADCAST -j DROP",
          "-A LABFW-reject -s 224.0.0.0/4 -j DROP",
          "-A LABFW-reject -p icmp -j DROP",
          "-A LABFW-reject -p tcp -j REJECT --reject-with tcp-reset",
          "-A LABFW-reject -p udp -j REJECT --reject-with icmp-port-unreachable",
          "-A LABFW-reject -j REJECT --reject-with icmp-host-prohibited",
        ]
      : [
          "-A LABFW-reject -p icmpv6 -j DROP",
          "-A LABFW-reject -p tcp -j REJECT --reject-with tcp-reset",
          "-A LABFW-reject -p udp -j REJECT --reject-with icmp6-port-unreachable",
          "-A LABFW-reject -j REJECT --reject-with icmp6-adm-prohibited",
        ]),
  ];
  const usedGroups = new Set<string>();
  const add = (chain: string, match: string, jump: string) =>
    lines.push(`-A ${chain}${match ? ` ${match}` : ""} ${jump}`);
  const ndp = (chain: string, o: FirewallOptions, direction: "IN" | "OUT") => {
    if (family !== 6 || o.ndp === false) return;
    const accept = "-j ACCEPT";
    add(chain, "-p icmpv6 --icmpv6-type router-solicitation", accept);
    if (direction === "IN" || o.radv === true)
      add(chain, "-p icmpv6 --icmpv6-type router-advertisement", accept);
    add(chain, "-p icmpv6 --icmpv6-type neighbor-solicitation", accept);
    add(chain, "-p icmpv6 --icmpv6-type neighbor-advertisement", accept);
  };
  const vmRules = (chain: string, rules: readonly FirewallRule[], type: "in" | "out") => {
    for (const rule of rules) {
      if (rule.securityGroup) {
        if (!groups[rule.securityGroup]) throw new Error(`no group ${rule.securityGroup}`);
        usedGroups.add(rule.securityGroup);
        add(chain, "", `-j GROUP-${rule.securityGroup}-${type.toUpperCase()}`);
        continue;
      }
      if (rule.type !== type) continue;
      const match = ruleMatch(rule, family);
      if (match !== undefined) add(chain, match, target(rule.action));
    }
  };
  for (const port of ports) {
    const o = port.options;
    if (o.enabled !== true) continue;
    const inChain = `${port.tap}-IN`;
    const outChain = `${port.tap}-OUT`;
    chains.push(inChain, outChain);
    add(
      "LABFW-FWBR-IN",
      `-m physdev --physdev-is-bridged --physdev-out ${port.tap}`,
      `-j ${inChain}`,
    );
    add(
      "LABFW-FWBR-OUT",
      `-m physdev --physdev-is-bridged --physdev-in ${port.tap}`,
      `-j ${outChain}`,
    );
    if (o.dhcp === true) {
      add(
        inChain,
        family === 4 ? "-p udp --sport 67 --dport 68" : "-p udp --sport 547 --dport 546",
        "-j ACCEPT",
      );
      add(
        outChain,
        family === 4 ? "-p udp --sport 68 --dport 67" : "-p udp --sport 546 --dport 547",
        "-j ACCEPT",
      );
    }
    ndp(inChain, o, "IN");
    vmRules(inChain, port.rules, "in");
    add(inChain, "", policy(o.inputPolicy, "DROP"));
    if (o.macfilter !== false) add(outChain, `-m mac ! --mac-source ${port.mac}`, "-j DROP");
    if (family === 6 && o.radv !== true)
      add(outChain, "-p icmpv6 --icmpv6-type router-advertisement", "-j DROP");
    if (o.ipfilter === true)
      add(outChain, `! -s ${family === 4 ? port.address : port.linkLocal}`, "-j DROP");
    ndp(outChain, o, "OUT");
    vmRules(outChain, port.rules, "out");
    add(outChain, "", policy(o.outputPolicy, "ACCEPT"));
  }
  for (const name of usedGroups) {
    for (const type of ["in", "out"] as const) {
      const chain = `GROUP-${name}-${type.toUpperCase()}`;
      chains.push(chain);
      for (const rule of groups[name]) {
        if (rule.securityGroup) throw new Error("PVE does not nest security groups");
        if (rule.type !== type) continue;
        const match = ruleMatch(rule, family);
        if (match !== undefined) add(chain, match, target(rule.action));
      }
    }
  }
  return ["*filter", ...chains.map((c) => `:${c} - [0:0]`), ...lines, "COMMIT", ""].join("\n");
}

/** ebtables commands: PVE's layer-2 filter per tap (MAC filter, ARP ipfilter). */
export function pveEbtables(ports: readonly PortFirewall[]): string[] {
  const out: string[] = [];
  for (const port of ports) {
    if (port.options.enabled !== true) continue;
    const chain = `${port.tap}-OUT`;
    out.push(`ebtables -N ${chain} -P RETURN`, `ebtables -A FORWARD -i ${port.tap} -j ${chain}`);
    if (port.options.macfilter !== false)
      out.push(`ebtables -A ${chain} -s ! ${port.mac.toLowerCase()} -j DROP`);
    if (port.options.ipfilter === true) {
      out.push(`ebtables -N ${chain}-ARP -P DROP`, `ebtables -A ${chain} -p ARP -j ${chain}-ARP`);
      out.push(`ebtables -A ${chain}-ARP -p ARP --arp-ip-src ${port.address} -j RETURN`);
    }
    out.push(`ebtables -A ${chain} -j ACCEPT`);
  }
  return out;
}
