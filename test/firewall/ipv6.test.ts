import { describe, expect, it } from "vitest";
import { evaluate, type Packet } from "../../src/firewall/evaluate.js";
import {
  EGRESS_GROUP,
  egressGroupRules,
  VM_FIREWALL_OPTIONS,
  vmRules,
} from "../../src/firewall/rules.js";
import { customerVmMac, edgeNicMac, linkLocalFromMac } from "../../src/network/addressing.js";
import { firewallOptionsArgs } from "../../src/proxmox/firewall-args.js";
import { betaConfig } from "../helpers/fixtures.js";

/**
 * Issue 8 hole 2: customer VMs are IPv4-only. `ipfilter` still lets a VM send from its MAC-derived
 * link-local address, so the rules themselves must drop IPv6, or a community VM reaches the host
 * (8006, 22), the router and VM120 over fe80:: on vmbr0.
 */
const config = betaConfig();
const groups = { [EGRESS_GROUP]: egressGroupRules(config.publicIp) };
const community = vmRules(["192.168.12.151"], config.edge.uplink.address);
const isolated = vmRules(["10.0.1.10", "10.0.1.20"], "10.0.1.1");

/** Link-local addresses on vmbr0 and on an isolated bridge a VM could try. */
const neighbours = [
  ["the host on vmbr0", linkLocalFromMac("BC:24:11:00:00:70")],
  ["the router", "fe80::1"],
  ["the edge VM on vmbr0", linkLocalFromMac("BC:24:11:00:01:20")],
  ["the edge VM on vmbr11", linkLocalFromMac(edgeNicMac(11))],
  ["another customer VM", linkLocalFromMac(customerVmMac(152))],
  ["the customer's own other VM", linkLocalFromMac(customerVmMac(151))],
  ["all-nodes multicast", "ff02::1"],
  ["a global IPv6 address", "2001:db8::1"],
] as const;

const probes: [Packet["proto"], number | undefined][] = [
  ["tcp", 22],
  ["tcp", 8006],
  ["tcp", 80],
  ["tcp", 443],
  ["tcp", 25],
  ["udp", 53],
  ["udp", 547],
  ["ipv6-icmp", undefined],
];

describe("IPv6 from customer VMs is dropped (issue 8 hole 2)", () => {
  it("derives link-local addresses the way Linux does (modified EUI-64)", () => {
    expect(linkLocalFromMac("52:54:00:12:34:56")).toBe("fe80::5054:ff:fe12:3456");
    expect(linkLocalFromMac(customerVmMac(151))).toBe("fe80::4c:53ff:fe00:97");
  });

  describe.each([
    ["community", community],
    ["isolated", isolated],
  ])("a %s VM", (_tier, rules) => {
    it.each(neighbours)("cannot open anything to %s (%s)", (_who, peer) => {
      for (const [proto, port] of probes) {
        const verdict = evaluate(rules, groups, { direction: "out", peer, proto, port });
        expect(verdict.action === "ACCEPT", `${peer} ${proto}/${port}`).toBe(false);
      }
    });

    it("sends no neighbour discovery and no router advertisement", () => {
      for (const icmpv6Type of [
        "neighbor-solicitation",
        "neighbor-advertisement",
        "router-solicitation",
        "router-advertisement",
        "echo-request",
      ] as const) {
        const packet: Packet = {
          direction: "out",
          peer: "ff02::1",
          proto: "ipv6-icmp",
          icmpv6Type,
        };
        expect(evaluate(rules, groups, packet).action, icmpv6Type).toBe("DROP");
      }
    });

    it("accepts nothing over IPv6 from the host, the router or the edge", () => {
      for (const [, peer] of neighbours) {
        for (const [proto, port] of probes) {
          expect(evaluate(rules, groups, { direction: "in", peer, proto, port }).action).toBe(
            "DROP",
          );
        }
      }
    });
  });

  it("keeps IPv4 as it was: the internet and the customer's own VMs still reachable", () => {
    const out = (peer: string, port: number): Packet => ({
      direction: "out",
      peer,
      proto: "tcp",
      port,
    });
    expect(evaluate(community, groups, out("1.1.1.1", 443)).action).toBe("ACCEPT");
    expect(evaluate(isolated, groups, out("10.0.1.20", 5432)).action).toBe("ACCEPT");
    expect(evaluate(community, groups, out("192.168.12.70", 8006)).action).toBe("DROP");
  });

  it("is decided by the one IPv6 rule of the egress group, not by luck", () => {
    const verdict = evaluate(community, groups, {
      direction: "out",
      peer: "fe80::1",
      proto: "tcp",
      port: 8006,
    });
    expect(verdict.rule?.dest).toBe("::/0");
    expect(egressGroupRules(config.publicIp).filter((r) => r.dest?.includes(":"))).toEqual([
      {
        type: "out",
        action: "DROP",
        dest: "::/0",
        comment: "no IPv6 at all, link-local included: customer VMs are IPv4-only",
      },
    ]);
  });

  it("would let neighbour discovery through with ndp on (pve-firewall's default), so it is off", () => {
    const ns: Packet = {
      direction: "out",
      peer: "ff02::1:ff00:70",
      proto: "ipv6-icmp",
      icmpv6Type: "neighbor-solicitation",
    };
    expect(evaluate(community, groups, ns, { ...VM_FIREWALL_OPTIONS, ndp: true }).action).toBe(
      "ACCEPT",
    );
    expect(evaluate(community, groups, ns).action).toBe("DROP");
    expect(firewallOptionsArgs({ nodeName: "n", vmId: 151 })).toMatchObject({
      dhcp: false,
      ndp: false,
      radv: false,
      ipfilter: true,
      macfilter: true,
      inputPolicy: "DROP",
      outputPolicy: "ACCEPT",
    });
  });
});
