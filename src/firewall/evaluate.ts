import { addressSetContains } from "../network/ip.js";
import type { FirewallRule } from "./rules.js";

export interface Packet {
  direction: "in" | "out";
  /** the far end: destination for out, source for in */
  peer: string;
  proto: "tcp" | "udp" | "icmp";
  port?: number;
}

export interface Verdict {
  action: "ACCEPT" | "DROP" | "REJECT";
  /** the rule that decided, or undefined for the policy */
  rule?: FirewallRule;
}

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

/**
 * First-match evaluation of a VM's rules the way PVE applies them to a new connection, expanding
 * security groups from `groups`. Policies: in DROP, out ACCEPT (DESIGN §8).
 */
export function evaluate(
  rules: readonly FirewallRule[],
  groups: Record<string, FirewallRule[]>,
  packet: Packet,
): Verdict {
  for (const rule of rules) {
    if (rule.securityGroup) {
      const verdict = evaluate(groups[rule.securityGroup] ?? [], {}, { ...packet });
      if (verdict.rule) return verdict;
      continue;
    }
    if (rule.type !== packet.direction) continue;
    if (rule.proto !== undefined && rule.proto !== packet.proto) continue;
    if (!portMatches(rule.dport, packet.port)) continue;
    const peerField = packet.direction === "out" ? rule.dest : rule.source;
    if (!peerMatches(peerField, packet.peer)) continue;
    if (rule.action === undefined) continue;
    return { action: rule.action, rule };
  }
  return { action: packet.direction === "in" ? "DROP" : "ACCEPT" };
}
