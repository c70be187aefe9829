import { describe, expect, it } from "vitest";
import { customerVmMac, edgeNicMac } from "../../src/network/addressing.js";
import { communityFile, customersDir, isolatedFile } from "../helpers/fixtures.js";
import { runPlan } from "../helpers/plan.js";
import { problemLines } from "../helpers/problems.js";

/**
 * Issue 8 hole 1: every VM's address and MAC — adopted or not — has one owner. An adopted VM's
 * address was checked only against the subnet, gateway, host and edge; its MAC not at all.
 */

const adoptedVm = (vmid: number, address: string, mac = "BC:24:11:AA:BB:CC") =>
  `  - vmid: ${vmid}\n    package: starter\n    role: old${vmid}\n    adopted:\n      mac: ${mac}\n      diskInterface: scsi0\n      address: ${address}\n`;
/** A community customer with one adopted VM (line 10: adopted.address, line 8: adopted.mac). */
const adopted = (name: string, vmid: number, address: string, mac?: string) =>
  `name: ${name}\ncontact: ops@${name}.example\nvms:\n${adoptedVm(vmid, address, mac)}`;
/** An isolated customer on vmbr11 with VM 151 at .10 and an adopted VM 150 (line 14: address). */
const isolatedAdopted = (address: string) =>
  isolatedFile("alpha", 151, 11, adoptedVm(150, address).replace(/^/gm, "").trimEnd());

const RULE =
  "a VM's address must be one no one else owns (not the network, broadcast, gateway, host, edge or reserved addresses, nor another VMID's)";

describe("an adopted VM's address has no other owner", () => {
  it("accepts its own VMID's address and a free address", () => {
    expect(problemLines({ "alpha.yaml": adopted("alpha", 150, "192.168.12.150") })).toEqual([]);
    expect(problemLines({ "alpha.yaml": adopted("alpha", 150, "192.168.12.100") })).toEqual([]);
  });

  it.each([
    ["192.168.12.0", "the network address"],
    ["192.168.12.255", "the broadcast address"],
    ["192.168.12.1", "the gateway"],
    ["192.168.12.71", "a host address"],
    ["192.168.12.120", "the edge VM's address"],
    ["192.168.12.5", "reserved 192.168.12.2-192.168.12.69 (LAN devices and the owner's machines)"],
    ["192.168.12.201", "reserved 192.168.12.200-192.168.12.254 (the EdgeRouter's DHCP pool)"],
    ["192.168.12.152", "the community address of VMID 152 (subnet base + VMID)"],
    ["192.168.12.160", "the community address of VMID 160 (subnet base + VMID)"],
  ])("refuses %s: it is %s", (address, owner) => {
    expect(problemLines({ "alpha.yaml": adopted("alpha", 150, address) })).toEqual([
      `alpha.yaml:10: vms[0].adopted.address: ${address} is ${owner}; ${RULE}`,
    ]);
  });

  it("refuses another VM's address, naming that VM's file and line", () => {
    expect(
      problemLines({
        "alpha.yaml": adopted("alpha", 150, "192.168.12.151"),
        "bravo.yaml": communityFile("bravo", 151),
      }),
    ).toEqual([
      expect.stringMatching(
        /^alpha\.yaml:10: vms\[0\]\.adopted\.address: 192\.168\.12\.151 is the community address of VMID 151 \(subnet base \+ VMID\), VM 151 in .*bravo\.yaml:4 \(vms\[0\]\.vmid\); /,
      ),
    ]);
  });

  it("refuses two adopted VMs on one free address, naming the first", () => {
    expect(
      problemLines({
        "alpha.yaml": adopted("alpha", 150, "192.168.12.100", "BC:24:11:00:00:01"),
        "bravo.yaml": adopted("bravo", 160, "192.168.12.100", "BC:24:11:00:00:02"),
      }),
    ).toEqual([
      expect.stringMatching(
        /^bravo\.yaml:10: vms\[0\]\.adopted\.address: 192\.168\.12\.100 is already the address of VM 150 in .*alpha\.yaml:10 \(vms\[0\]\.adopted\.address\); every VM needs its own address$/,
      ),
    ]);
  });

  it.each([
    ["10.0.1.0", "the network address"],
    ["10.0.1.1", "the gateway (the edge VM's address on vmbr11)"],
    ["10.0.1.255", "the broadcast address"],
  ])("refuses %s on an isolated network: it is %s", (address, owner) => {
    expect(problemLines({ "alpha.yaml": isolatedAdopted(address) })).toEqual([
      `alpha.yaml:15: vms[1].adopted.address: ${address} is ${owner}; ${RULE}`,
    ]);
  });

  it("refuses an isolated VM's pinned address", () => {
    expect(problemLines({ "alpha.yaml": isolatedAdopted("10.0.1.10") })).toEqual([
      expect.stringMatching(
        /^alpha\.yaml:15: vms\[1\]\.adopted\.address: 10\.0\.1\.10 is already the address of VM 151 in .*alpha\.yaml:8 \(vms\[0\]\.address\); every VM needs its own address$/,
      ),
    ]);
    expect(problemLines({ "alpha.yaml": isolatedAdopted("10.0.1.11") })).toEqual([]);
  });
});

describe("every VM's MAC has one owner", () => {
  const MAC_RULE =
    "an adopted VM keeps its real MAC, which must not be one the project derives (02:4C:53:… for VMs, 06:4C:53:… for the edge's NICs)";

  it.each([
    [customerVmMac(152), "the MAC the project derives for VMID 152"],
    [edgeNicMac(11), "the edge VM's NIC on vmbr11"],
    [edgeNicMac(40), "the edge VM's NIC on vmbr40"],
  ])("refuses %s: it is %s", (mac, owner) => {
    expect(problemLines({ "alpha.yaml": adopted("alpha", 150, "192.168.12.150", mac) })).toEqual([
      `alpha.yaml:8: vms[0].adopted.mac: ${mac} is ${owner}; ${MAC_RULE}`,
    ]);
  });

  it("refuses the MAC derived for another customer's VM, naming its file and line", () => {
    expect(
      problemLines({
        "alpha.yaml": adopted("alpha", 150, "192.168.12.150", customerVmMac(151)),
        "bravo.yaml": communityFile("bravo", 151),
      }),
    ).toEqual([
      expect.stringMatching(
        /^alpha\.yaml:8: vms\[0\]\.adopted\.mac: 02:4C:53:00:00:97 is the MAC the project derives for VMID 151, VM 151 in .*bravo\.yaml:4 \(vms\[0\]\.vmid\); /,
      ),
    ]);
  });

  it("refuses two adopted VMs with one MAC, naming the first", () => {
    expect(
      problemLines({
        "alpha.yaml": adopted("alpha", 150, "192.168.12.150"),
        "bravo.yaml": adopted("bravo", 160, "192.168.12.160"),
      }),
    ).toEqual([
      expect.stringMatching(
        /^bravo\.yaml:8: vms\[0\]\.adopted\.mac: BC:24:11:AA:BB:CC is already the MAC of VM 150 in .*alpha\.yaml:8 \(vms\[0\]\.adopted\.mac\); every VM needs its own MAC$/,
      ),
    ]);
  });
});

describe("any address or MAC clash → no resources", () => {
  it("declares nothing under the real program when an adopted VM takes the DHCP pool", async () => {
    const plan = await runPlan(
      customersDir({
        "alpha.yaml": adopted("alpha", 150, "192.168.12.210"),
        "bravo.yaml": communityFile("bravo", 151),
      }),
    );
    expect(plan.resources).toEqual([]);
    expect(plan.analysis.issues).toHaveLength(1);
    expect(plan.analysis.issues[0]).toMatchObject({
      path: "vms[0].adopted.address",
      line: 10,
    });
  });
});
