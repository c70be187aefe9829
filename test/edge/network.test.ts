import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SshAccessSpec } from "../../src/edge/network/specs.js";
import { netBaseUnit } from "../../src/edge/units/net-base.js";
import { networkUnit } from "../../src/edge/units/network.js";
import { sshUnit } from "../../src/edge/units/ssh.js";
import type { RemoteUnit as EdgeScript } from "../../src/remote/unit.js";
import { NetworkLab } from "../helpers/network-lab.js";
import { ctx, net } from "../helpers/network-specs.js";

const harbor = net(11, "harbor-shop");
const cedar = net(12, "cedar-legal");
const sshHarbor: SshAccessSpec = {
  vmid: 151,
  customer: "harbor-shop",
  address: "10.0.1.10",
  port: 22151,
};

let lab: NetworkLab;
let vm11: string;
let vm12: string;
// The command provider hands a delete the stored stdin of the last apply: so do the tests.
const run = (s: EdgeScript, which: "apply" | "delete" = "apply") =>
  lab.box.runScript(s[which], s.stdin);
const ok = (s: EdgeScript, which: "apply" | "delete" = "apply") => {
  const r = run(s, which);
  expect(r.stderr).toBe("");
  expect(r.code).toBe(0);
  return r;
};

beforeAll(async () => {
  lab = new NetworkLab();
  vm11 = lab.addVm(11, "10.0.1.10", harbor.mac);
  vm12 = lab.addVm(12, "10.0.2.10", cedar.mac);
  // The operator's own rules, which the project must never touch.
  lab.box.sh(
    "iptables -N OPERATOR && iptables -A OPERATOR -s 192.168.12.99 -j DROP && iptables -A INPUT -j OPERATOR",
    { check: true },
  );
  ok(netBaseUnit(ctx, lab.box.paths));
  const [a, b] = await lab.box.runConcurrently(
    [networkUnit(harbor, ctx, lab.box.paths), networkUnit(cedar, ctx, lab.box.paths)].map((s) => ({
      script: s.apply,
      stdin: s.stdin,
    })),
  );
  expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, "", ""]);
  ok(sshUnit(sshHarbor, "10.0.1.1", ctx, lab.box.paths, []));
}, 120_000);
afterAll(() => lab.destroy());

describe("the network script on a namespace playing the edge", () => {
  it("names the NIC found by MAC lsu<N>, gives it the gateway address and no IPv6", () => {
    const link = lab.box.sh("ip -o -4 addr show dev lsu11").stdout;
    expect(link).toContain("inet 10.0.1.1/24");
    expect(lab.box.sh("cat /proc/sys/net/ipv6/conf/lsu11/disable_ipv6").stdout.trim()).toBe("1");
    expect(lab.box.sh("cat /proc/sys/net/ipv4/ip_forward").stdout.trim()).toBe("1");
    expect(
      readFileSync(join(lab.box.paths.systemdNetworkDir, "60-lsu-vmbr11.network"), "utf8"),
    ).toContain("Address=10.0.1.1/24");
  });

  it("leaves the same rules when created twice", () => {
    const before = lab.projectRules();
    ok(networkUnit(harbor, ctx, lab.box.paths));
    ok(sshUnit(sshHarbor, "10.0.1.1", ctx, lab.box.paths, []));
    ok(netBaseUnit(ctx, lab.box.paths));
    expect(lab.projectRules()).toBe(before);
    expect(before.match(/-A FORWARD -j LSU-FORWARD/g)).toHaveLength(1);
  });

  it("lets a customer VM reach the internet through NAT and the edge by ping only", () => {
    expect(lab.connect(vm11, "198.51.100.1", 80)).toBe("192.168.12.120");
    expect(lab.ping(vm11, "10.0.1.1")).toBe(true);
    expect(lab.connect(vm11, "10.0.1.1", 22)).toBe("");
  });

  it("blocks other customers, the LAN, the host and the router", () => {
    expect(lab.connect(vm11, "10.0.2.10", 22)).toBe("");
    expect(lab.connect(vm12, "10.0.1.10", 80)).toBe("");
    expect(lab.connect(vm11, "192.168.12.71", 8006)).toBe("");
    expect(lab.connect(vm11, "192.168.12.1", 22)).toBe("");
    expect(lab.connect(vm11, "192.168.12.120", 22)).toBe("");
  });

  it("allows only web on the business's public IP and rejects SMTP", () => {
    expect(lab.connect(vm11, "203.0.113.10", 443)).toBe("192.168.12.120");
    expect(lab.connect(vm11, "203.0.113.10", 22)).toBe("");
    const smtp = lab.box.sh(
      `timeout 2 ip netns exec ${vm11} bash -c 'exec 3<>/dev/tcp/198.51.100.1/25' 2>&1`,
      { inNs: false },
    );
    expect(smtp.stdout).toContain("Connection refused");
  });

  it("forwards SSH only from the uplink: no isolated VM reaches another VM's port 22 through the edge's LAN address (issue 8 hole 3)", () => {
    expect(lab.connect(lab.lan, "192.168.12.120", 22151)).toBe("10.0.1.1");
    expect(lab.connect(vm12, "192.168.12.120", 22151)).toBe("");
    expect(lab.connect(vm12, "203.0.113.10", 22151)).toBe("");
    expect(lab.connect(vm12, "198.51.100.1", 80)).toBe("192.168.12.120");
  });

  it("forwards only the network's own source addresses (no spoofing another customer or the LAN)", () => {
    expect(lab.connectFrom(vm11, "10.0.1.10", "198.51.100.1", 80)).toBe("192.168.12.120");
    for (const spoofed of ["10.0.2.10", "192.168.12.5"]) {
      lab.box.sh(`ip netns exec ${vm11} ip addr add ${spoofed}/32 dev eth0`, { inNs: false });
      try {
        expect(lab.connectFrom(vm11, spoofed, "198.51.100.1", 80)).toBe("");
      } finally {
        lab.box.sh(`ip netns exec ${vm11} ip addr del ${spoofed}/32 dev eth0`, { inNs: false });
      }
    }
  });

  it("lets nothing open a connection to a customer VM except the SSH forward", () => {
    expect(lab.connect(lab.lan, "10.0.1.10", 22)).toBe("");
    expect(lab.connect(lab.lan, "192.168.12.120", 22151)).toBe("10.0.1.1");
    expect(lab.connect(lab.lan, "192.168.12.120", 22152)).toBe("");
  });

  it("rate-limits new SSH connections per source", () => {
    const results = Array.from({ length: 16 }, () => lab.connect(lab.lan, "192.168.12.120", 22151));
    expect(results.filter((r) => r === "10.0.1.1").length).toBeLessThan(16);
    expect(results.filter((r) => r === "").length).toBeGreaterThan(0);
  });
});

describe("deleting and rebooting", () => {
  it("brings every customer's rules back after a reboot (flush, then the restore unit's command)", () => {
    const before = lab.projectRules();
    const before6 = lab.box.sh("ip6tables-save", { check: true }).stdout;
    expect(before6).toContain("-A INPUT -j LSU6-INPUT");
    // A reboot: no rules, no addresses, the NICs down under the kernel's own names (issue 8 hole 7).
    lab.box.sh(
      [
        "iptables -F && iptables -X && iptables -t nat -F && iptables -t nat -X",
        "ip6tables -F && ip6tables -X",
        "for n in 11 12; do ip addr flush dev lsu$n && ip link set lsu$n down && ip link set lsu$n name boot$n; done",
      ].join(" && "),
      { check: true },
    );
    expect(lab.projectRules()).not.toContain("LSU-F11");
    expect(lab.connect(vm11, "198.51.100.1", 80)).toBe("");
    const unit = readFileSync(join(lab.box.paths.systemdUnitDir, "lsu-iptables.service"), "utf8");
    const execStart = /^ExecStart=(.*)$/m.exec(unit)![1];
    expect(lab.box.sh(execStart).code).toBe(0);
    lab.box.sh(
      "iptables -N OPERATOR && iptables -A OPERATOR -s 192.168.12.99 -j DROP && iptables -A INPUT -j OPERATOR",
      { check: true },
    );
    expect(lab.projectRules()).toBe(before);
    const rules6 = (dump: string) => dump.replace(/^#.*$/gm, "").replace(/\[\d+:\d+\]/g, "");
    expect(rules6(lab.box.sh("ip6tables-save", { check: true }).stdout)).toBe(rules6(before6));
    expect(lab.box.sh("ip -o -4 addr show dev lsu11").stdout).toContain("inet 10.0.1.1/24");
    expect(lab.box.sh("cat /proc/sys/net/ipv6/conf/lsu12/disable_ipv6").stdout.trim()).toBe("1");
    // the VMs re-learn their gateway's MAC (their ARP entries failed while it was down)
    expect(lab.ping(vm11, "10.0.1.1") || lab.ping(vm11, "10.0.1.1")).toBe(true);
    expect(lab.ping(vm12, "10.0.2.1") || lab.ping(vm12, "10.0.2.1")).toBe(true);
    expect(lab.connect(vm11, "198.51.100.1", 80)).toBe("192.168.12.120");
    expect(lab.connect(vm12, "198.51.100.1", 80)).toBe("192.168.12.120");
    expect(lab.connect(lab.lan, "192.168.12.120", 22151)).toBe("10.0.1.1");
  });

  it("neither accepts nor forwards IPv6 on a customer interface, even with IPv6 turned back on (issue 8 hole 2)", () => {
    const rules = lab.box.sh("ip6tables -S", { check: true }).stdout;
    expect(rules).toContain("-A LSU6-INPUT -i lsu+ -j DROP");
    expect(rules).toContain("-A LSU6-FORWARD -i lsu+ -j DROP");
    expect(rules).toContain("-A LSU6-FORWARD -o lsu+ -j DROP");
    // Someone turns IPv6 back on: the VM gets a link-local route to the edge, the edge stays silent.
    lab.box.sh(
      "sysctl -q -w net.ipv6.conf.lsu11.accept_dad=0 && sysctl -q -w net.ipv6.conf.lsu11.disable_ipv6=0",
      { check: true },
    );
    // wait until both ends' link-local addresses are usable (no longer tentative)
    lab.box.sh(
      `for i in $(seq 50); do ip -6 addr show dev lsu11 | grep -q 'scope link' && ! ip -6 addr show dev lsu11 | grep -q tentative && ! ip netns exec ${vm11} ip -6 addr show dev eth0 | grep -q tentative && break; sleep 0.1; done`,
    );
    try {
      const edgeLinkLocal = lab.box
        .sh("ip -6 -o addr show dev lsu11 scope link", { check: true })
        .stdout.match(/inet6 (fe80::[0-9a-f:]+)/)?.[1];
      expect(edgeLinkLocal).toBeDefined();
      const ping6 = (ns: string) =>
        lab.box.sh(`ip netns exec ${ns} ping -6 -c3 -i0.5 -W2 ${edgeLinkLocal}%eth0`, {
          inNs: false,
        }).code;
      expect(ping6(vm11)).not.toBe(0);
      // positive control: the same probe answers once the project's IPv6 drop is lifted
      lab.box.sh("ip6tables -I INPUT 1 -i lsu11 -j ACCEPT", { check: true });
      expect(ping6(vm11)).toBe(0);
      lab.box.sh("ip6tables -D INPUT -i lsu11 -j ACCEPT", { check: true });
    } finally {
      lab.box.sh("sysctl -q -w net.ipv6.conf.lsu11.disable_ipv6=1");
    }
  });

  it("removes exactly one customer's lines, twice in a row, and leaves foreign rules alone", () => {
    const foreign = () =>
      lab.box.sh("iptables -S OPERATOR; iptables -S INPUT | grep OPERATOR").stdout;
    const foreignBefore = foreign();
    const cedarLines = (rules: string) =>
      rules.split("\n").filter((l) => /LSU-[FIDN]12\b|lsu12|cedar-legal/.test(l));
    const before = lab.projectRules();
    expect(cedarLines(before).length).toBeGreaterThan(10);
    ok(networkUnit(cedar, ctx, lab.box.paths), "delete");
    const after = lab.projectRules();
    expect(after.split("\n")).toEqual(
      before.split("\n").filter((l) => !cedarLines(before).includes(l)),
    );
    ok(networkUnit(cedar, ctx, lab.box.paths), "delete");
    expect(lab.projectRules()).toBe(after);
    expect(foreign()).toBe(foreignBefore);
    expect(lab.connect(vm11, "198.51.100.1", 80)).toBe("192.168.12.120");
    expect(lab.connect(vm12, "198.51.100.1", 80)).toBe("");
    // someone brings the removed network's NIC back by hand: the tail rules still drop it all
    lab.box.sh("ip link set lsu12 up && ip addr replace 10.0.2.1/24 dev lsu12", { check: true });
    expect(lab.ping(vm12, "10.0.2.1") || lab.ping(vm12, "10.0.2.1")).toBe(false);
    expect(lab.connect(vm12, "198.51.100.1", 80)).toBe("");
    expect(lab.connect(vm12, "192.168.12.120", 22)).toBe("");
    expect(lab.connect(vm11, "198.51.100.1", 80)).toBe("192.168.12.120");
    lab.box.sh("ip addr flush dev lsu12 && ip link set lsu12 down", { check: true });
  });

  it("removes an SSH forward and its chains", () => {
    ok(sshUnit(sshHarbor, "10.0.1.1", ctx, lab.box.paths, []), "delete");
    expect(lab.projectRules()).not.toMatch(/LSU-[ST]151/);
    expect(lab.connect(lab.lan, "192.168.12.120", 22151)).toBe("");
    ok(sshUnit(sshHarbor, "10.0.1.1", ctx, lab.box.paths, []), "delete");
  });
});
