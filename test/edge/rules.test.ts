import { describe, expect, it } from "vitest";
import {
  dropLogPrefix,
  renderBaseRules,
  renderNetworkRules,
  renderSshRules,
} from "../../src/edge/network/rules.js";
import {
  renderLinkFile,
  renderNetworkFile,
  renderNetworkSysctl,
  renderRestoreUnit,
} from "../../src/edge/network/system-files.js";
import { DEBIAN_EDGE_PATHS } from "../../src/edge/paths.js";
import { ctx, net } from "../helpers/network-specs.js";

const rules = (text: string) => text.split("\n").filter((l) => l && !l.startsWith("#"));

describe("rule sets for two isolated customers, rule by rule", () => {
  it("base chains: replies, then the rate-limited SSH forward", () => {
    expect(rules(renderBaseRules(ctx))).toEqual([
      "*filter",
      ":LSU-FORWARD - [0:0]",
      ":LSU-INPUT - [0:0]",
      ":LSU-SSH - [0:0]",
      "-A LSU-FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
      "-A LSU-FORWARD -p tcp --dport 22 -m conntrack --ctstate NEW -m conntrack --ctstate DNAT --ctproto tcp --ctorigdst 192.168.12.120 --ctorigdstport 22150:22199 -j LSU-SSH",
      "-A LSU-SSH -m hashlimit --hashlimit-above 6/minute --hashlimit-burst 10 --hashlimit-mode srcip --hashlimit-name lsu-ssh -j DROP",
      "-A LSU-SSH -j ACCEPT",
      "-A LSU-INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT",
      "COMMIT",
      "*nat",
      ":LSU-PREROUTING - [0:0]",
      ":LSU-POSTROUTING - [0:0]",
      "COMMIT",
    ]);
  });

  it.each([
    [11, "harbor-shop", "10.0.1.0/24"],
    [12, "cedar-legal", "10.0.2.0/24"],
  ])("vmbr%i (%s): forward, input, drop log and NAT in order", (n, customer, subnet) => {
    const tag = `-m comment --comment "lsu_${customer}_vmbr${n}"`;
    expect(rules(renderNetworkRules(net(n, customer), ctx))).toEqual([
      "*filter",
      `:LSU-F${n} - [0:0]`,
      `:LSU-I${n} - [0:0]`,
      `:LSU-D${n} - [0:0]`,
      `-A LSU-FORWARD -i lsu${n} ${tag} -j LSU-F${n}`,
      `-A LSU-FORWARD -o lsu${n} ${tag} -j LSU-F${n}`,
      `-A LSU-INPUT -i lsu${n} ${tag} -j LSU-I${n}`,
      `-A LSU-F${n} -i lsu${n} ! -s ${subnet} -j LSU-D${n}`,
      `-A LSU-F${n} -i lsu${n} -p tcp --dport 25 -j REJECT --reject-with tcp-reset`,
      `-A LSU-F${n} -i lsu${n} -d 10.0.0.0/8 -j LSU-D${n}`,
      `-A LSU-F${n} -i lsu${n} -d 172.16.0.0/12 -j LSU-D${n}`,
      `-A LSU-F${n} -i lsu${n} -d 192.168.0.0/16 -j LSU-D${n}`,
      `-A LSU-F${n} -i lsu${n} -d 100.64.0.0/10 -j LSU-D${n}`,
      `-A LSU-F${n} -i lsu${n} -d 169.254.0.0/16 -j LSU-D${n}`,
      `-A LSU-F${n} -i lsu${n} -d 224.0.0.0/4 -j LSU-D${n}`,
      `-A LSU-F${n} -i lsu${n} -d 203.0.113.10/32 -p tcp -m multiport --dports 80,443 -j ACCEPT`,
      `-A LSU-F${n} -i lsu${n} -d 203.0.113.10/32 -j LSU-D${n}`,
      `-A LSU-F${n} -i lsu${n} -o eth0 -j ACCEPT`,
      `-A LSU-F${n} -j LSU-D${n}`,
      `-A LSU-I${n} -p icmp --icmp-type echo-request -j ACCEPT`,
      `-A LSU-I${n} -j LSU-D${n}`,
      `-A LSU-D${n} -m limit --limit 6/minute --limit-burst 10 -j LOG --log-prefix "LSU-DROP ${customer}: "`,
      `-A LSU-D${n} -j DROP`,
      "COMMIT",
      "*nat",
      `:LSU-N${n} - [0:0]`,
      `-A LSU-POSTROUTING -s ${subnet} -o eth0 ${tag} -j LSU-N${n}`,
      `-A LSU-N${n} -j MASQUERADE`,
      "COMMIT",
    ]);
  });

  it("SSH forward per VM: DNAT to port 22 and SNAT to the edge's address on the VM's network", () => {
    const vm = { vmid: 151, customer: "harbor-shop", address: "10.0.1.10", port: 22151 };
    expect(rules(renderSshRules(vm, "10.0.1.1", ctx))).toEqual([
      "*nat",
      ":LSU-S151 - [0:0]",
      ":LSU-T151 - [0:0]",
      '-A LSU-PREROUTING -i eth0 -d 192.168.12.120/32 -p tcp --dport 22151 -m comment --comment "lsu_harbor-shop_vm151_ssh" -j LSU-S151',
      "-A LSU-S151 -p tcp -j DNAT --to-destination 10.0.1.10:22",
      '-A LSU-POSTROUTING -d 10.0.1.10/32 -p tcp --dport 22 -m conntrack --ctstate DNAT --ctproto tcp --ctorigdstport 22151 -m comment --comment "lsu_harbor-shop_vm151_ssh" -j LSU-T151',
      "-A LSU-T151 -j SNAT --to-source 10.0.1.1",
      "COMMIT",
    ]);
  });

  it("keeps the log prefix within iptables' 29 characters", () => {
    expect(dropLogPrefix("harbor-shop")).toBe("LSU-DROP harbor-shop: ");
    const long = dropLogPrefix("a-very-long-customer-name-of-32ch");
    expect(long).toBe("LSU-DROP a-very-long-custom: ");
    expect(long.length).toBeLessThanOrEqual(29);
  });

  it("refuses to write anything but plain tokens into a rule set", () => {
    expect(() => renderNetworkRules({ ...net(11, "x"), ifname: "lsu11 -j ACCEPT" }, ctx)).toThrow(
      "refusing to write",
    );
  });
});

/** systemd's INI format: [Section] headers and Key=Value lines. */
function parseUnit(text: string): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {};
  let section = "";
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (!line || line.startsWith("#")) continue;
    const header = /^\[([A-Za-z]+)\]$/.exec(line);
    if (header) {
      section = header[1];
      out[section] = {};
      continue;
    }
    const kv = /^([A-Za-z0-9]+)=(.*)$/.exec(line);
    if (!kv || !section) throw new Error(`not a unit-file line: ${line}`);
    out[section][kv[1]] = kv[2];
  }
  return out;
}

describe("systemd-networkd, sysctl and unit files", () => {
  it("names the NIC by MAC and gives it the gateway address with no IPv6", () => {
    expect(parseUnit(renderLinkFile(net(11, "harbor-shop")))).toEqual({
      Match: { MACAddress: "06:4c:53:00:00:0b" },
      Link: { Name: "lsu11" },
    });
    expect(parseUnit(renderNetworkFile(net(11, "harbor-shop")))).toEqual({
      Match: { MACAddress: "06:4c:53:00:00:0b" },
      Link: { RequiredForOnline: "no" },
      Network: {
        Address: "10.0.1.1/24",
        LinkLocalAddressing: "no",
        IPv6AcceptRA: "no",
        ConfigureWithoutCarrier: "yes",
      },
    });
    expect(renderNetworkSysctl(net(11, "harbor-shop"))).toContain(
      "net.ipv6.conf.lsu11.disable_ipv6 = 1\nnet.ipv4.conf.lsu11.rp_filter = 1\n",
    );
  });

  it("restores the rules at boot before the network is up", () => {
    const unit = parseUnit(renderRestoreUnit(DEBIAN_EDGE_PATHS));
    expect(unit.Service).toEqual({
      Type: "oneshot",
      RemainAfterExit: "yes",
      ExecStart: "/bin/bash /etc/lightspeedup/restore-iptables.sh boot",
    });
    expect(unit.Unit.Before).toBe("network-pre.target");
    expect(unit.Install.WantedBy).toBe("multi-user.target");
  });
});
