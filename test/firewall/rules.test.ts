import { describe, expect, it } from "vitest";
import { evaluate, type Packet } from "../../src/firewall/evaluate.js";
import { EGRESS_GROUP, egressGroupRules, vmRules } from "../../src/firewall/rules.js";
import { addressSetContains, intToIpv4, ipv4ToInt } from "../../src/network/ip.js";
import { betaConfig } from "../helpers/fixtures.js";

const config = betaConfig();
const groups = { [EGRESS_GROUP]: egressGroupRules(config.publicIp) };
const community = vmRules(["192.168.12.151"], config.edge.uplink.address);
const pair = vmRules(["10.0.1.10", "10.0.1.20"], "10.0.1.1");
const out = (peer: string, proto: Packet["proto"] = "tcp", port = 443): Packet => ({
  direction: "out",
  peer,
  proto,
  port,
});
const inbound = (peer: string, proto: Packet["proto"] = "tcp", port = 22): Packet => ({
  direction: "in",
  peer,
  proto,
  port,
});
const action = (rules: typeof community, p: Packet) => evaluate(rules, groups, p).action;

describe("outbound rules, in order (DESIGN §8)", () => {
  it("evaluates to accept-own, reject 25, public-IP web only, then the deny list, then the accept policy", () => {
    const order = [
      ...pair.filter((r) => r.type === "out" || r.securityGroup),
      ...groups[EGRESS_GROUP],
    ].map(
      (r) =>
        r.securityGroup ??
        `${r.action} ${r.proto ?? "any"}${r.dport ? `/${r.dport}` : ""} ${r.dest ?? "any"}`,
    );
    expect(order).toEqual([
      "ACCEPT any 10.0.1.10,10.0.1.20",
      EGRESS_GROUP,
      "REJECT tcp/25 any",
      "ACCEPT tcp/80,443 203.0.113.10",
      "DROP any 203.0.113.10",
      "DROP any 10.0.0.0/8",
      "DROP any 172.16.0.0/12",
      "DROP any 192.168.0.0/16",
      "DROP any 100.64.0.0/10",
      "DROP any 169.254.0.0/16",
      "DROP any ::/0",
    ]);
  });

  it("puts the host, its .71-.73, the router and every reserved address in the deny set", () => {
    const protectedAddresses = [
      ...config.hostAddresses,
      "192.168.12.71",
      "192.168.12.72",
      "192.168.12.73",
      config.community.gateway,
      config.edge.uplink.address,
      ...config.reservedVmids.map((r) => intToIpv4(ipv4ToInt("192.168.12.0") + r.vmid)),
    ];
    for (const entry of config.reservedAddresses) {
      const [from, to] = entry.addresses.split("-");
      for (let a = ipv4ToInt(from); a <= ipv4ToInt(to ?? from); a++)
        protectedAddresses.push(intToIpv4(a));
    }
    expect(protectedAddresses.length).toBeGreaterThan(120);
    for (const address of protectedAddresses) {
      for (const [proto, port] of [
        ["tcp", 22],
        ["tcp", 8006],
        ["tcp", 443],
        ["udp", 53],
        ["icmp", undefined],
      ] as const) {
        expect(
          action(community, { direction: "out", peer: address, proto, port }),
          `${address} ${proto}/${port}`,
        ).toBe("DROP");
      }
    }
  });

  it("drops every other customer, private, CGNAT and link-local destination", () => {
    for (const peer of [
      "192.168.12.152",
      "10.0.2.10",
      "10.0.1.1",
      "172.20.0.1",
      "100.100.0.1",
      "169.254.169.254",
      "192.168.1.1",
    ]) {
      expect(action(pair, out(peer)), peer).toBe("DROP");
    }
  });

  it("rejects SMTP to anywhere, even the internet", () => {
    expect(action(community, out("198.51.100.7", "tcp", 25))).toBe("REJECT");
  });

  it("allows only web on the business's public IP", () => {
    expect(action(community, out(config.publicIp, "tcp", 443))).toBe("ACCEPT");
    expect(action(community, out(config.publicIp, "tcp", 80))).toBe("ACCEPT");
    expect(action(community, out(config.publicIp, "tcp", 22151))).toBe("DROP");
    expect(action(community, out(config.publicIp, "udp", 443))).toBe("DROP");
  });

  it("allows the internet and the customer's own VMs", () => {
    expect(evaluate(community, groups, out("1.1.1.1", "udp", 53))).toEqual({ action: "ACCEPT" });
    expect(action(pair, out("10.0.1.20", "tcp", 5432))).toBe("ACCEPT");
  });
});

describe("inbound rules", () => {
  it("accepts web and SSH from the edge only, everything from the customer's own VMs", () => {
    expect(action(community, inbound("192.168.12.120", "tcp", 80))).toBe("ACCEPT");
    expect(action(community, inbound("192.168.12.120", "tcp", 22))).toBe("ACCEPT");
    expect(action(community, inbound("192.168.12.120", "tcp", 3306))).toBe("DROP");
    expect(action(community, inbound("192.168.12.152", "tcp", 22))).toBe("DROP");
    expect(action(community, inbound("192.168.12.71", "tcp", 22))).toBe("DROP");
    expect(action(pair, inbound("10.0.1.10", "tcp", 5432))).toBe("ACCEPT");
    expect(action(pair, inbound("8.8.8.8", "tcp", 22))).toBe("DROP");
  });

  it("matches address sets the way the rules write them", () => {
    expect(addressSetContains("192.168.12.200-192.168.12.254", "192.168.12.254")).toBe(true);
    expect(addressSetContains("192.168.12.200-192.168.12.254", "192.168.12.199")).toBe(false);
  });
});
