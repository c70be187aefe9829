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
