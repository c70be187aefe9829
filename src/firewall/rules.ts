/**
 * Proxmox firewall rules of a customer VM (DESIGN §8), as plain data. The shared outbound deny
 * list is one cluster security group; each VM's own rule list adds what is specific to it.
 */

export interface FirewallRule {
  type?: "in" | "out";
  action?: "ACCEPT" | "DROP" | "REJECT";
  proto?: "tcp" | "udp" | "icmp";
  dport?: string;
  source?: string;
  dest?: string;
  /** insert a cluster security group here */
  securityGroup?: string;
  comment: string;
}

export const EGRESS_GROUP = "lsu-egress";

/**
 * Per-VM firewall options (DESIGN §8) as plain data; `proxmox/firewall-args.ts` sends them and the
 * evaluator applies the same built-in rules pve-firewall puts before a VM's own rules.
 *
 * `ndp: false` matters: pve-firewall treats an unset `ndp` as on and then ACCEPTs router and
 * neighbour solicitations/advertisements ahead of every rule. Customer VMs are IPv4-only (ARP, not
 * neighbour discovery, resolves their neighbours), so nothing of IPv6 is kept: no NDP, no router
 * advertisements (`radv`), no DHCP (`dhcp`, for IPv4 and IPv6; addresses come from cloud-init).
 */
export const VM_FIREWALL_OPTIONS = {
  inputPolicy: "DROP",
  outputPolicy: "ACCEPT",
  ipfilter: true,
  macfilter: true,
  dhcp: false,
  ndp: false,
  radv: false,
} as const;

/**
 * Every IPv6 destination. pve-firewall puts a rule whose address is IPv6 only into the ip6tables
 * rule set, so this one rule drops every IPv6 packet a VM sends, link-local (fe80::/10) and
 * multicast included, and changes nothing for IPv4. (Without it `ipfilter` still lets a VM send
 * from its MAC-derived link-local address, and the ACCEPT output policy would let it reach the
 * host, the router and VM120 over fe80::.)
 */
export const ALL_IPV6 = "::/0";

/** Networks no customer VM may open a connection to: private, CGNAT and link-local. */
export const DENIED_NETWORKS = [
  "10.0.0.0/8",
  "172.16.0.0/12",
  "192.168.0.0/16",
  "100.64.0.0/10",
  "169.254.0.0/16",
] as const;

/** The cluster security group every customer VM inserts after its own-VM rules. */
export function egressGroupRules(publicIp: string): FirewallRule[] {
  return [
    {
      type: "out",
      action: "REJECT",
      proto: "tcp",
      dport: "25",
      comment: "no outbound SMTP: the public IP is shared",
    },
    {
      type: "out",
      action: "ACCEPT",
      proto: "tcp",
      dport: "80,443",
      dest: publicIp,
      comment: "hairpin to the business's public web",
    },
    {
      type: "out",
      action: "DROP",
      dest: publicIp,
      comment: "nothing else on the business's public IP",
    },
    ...DENIED_NETWORKS.map(
      (net): FirewallRule => ({
        type: "out",
        action: "DROP",
        dest: net,
        comment: `no private, CGNAT or link-local: ${net}`,
      }),
    ),
    {
      type: "out",
      action: "DROP",
      dest: ALL_IPV6,
      comment: "no IPv6 at all, link-local included: customer VMs are IPv4-only",
    },
  ];
}

/** One VM's rule list: in from the edge and the customer's own VMs, out to its own VMs, then the group. */
export function vmRules(ownAddresses: readonly string[], edgeAddress: string): FirewallRule[] {
  const own = [...ownAddresses].sort().join(",");
  return [
    {
      type: "in",
      action: "ACCEPT",
      proto: "tcp",
      dport: "80,443",
      source: edgeAddress,
      comment: "web from the edge's nginx",
    },
    {
      type: "in",
      action: "ACCEPT",
      proto: "tcp",
      dport: "22",
      source: edgeAddress,
      comment: "ssh through the edge's forward",
    },
    {
      type: "in",
      action: "ACCEPT",
      source: own,
      comment: "everything from the customer's own VMs",
    },
    { type: "out", action: "ACCEPT", dest: own, comment: "everything to the customer's own VMs" },
    { securityGroup: EGRESS_GROUP, comment: "shared outbound deny list" },
  ];
}
