import { describe, expect, it } from "vitest";
import { planCustomers } from "../../src/model/hosting-plan.js";
import { loadCustomers } from "../../src/model/load-customers.js";
import {
  bridgeNumber,
  communityAddress,
  customerVmMac,
  edgeNicMac,
  edgeSlotIndex,
  isolatedHostParts,
  isolatedSubnet,
  sshPort,
} from "../../src/network/addressing.js";
import { betaConfig, customersDir } from "../helpers/fixtures.js";

describe("deterministic addressing", () => {
  it("gives community VMs subnet base + VMID", () => {
    expect(communityAddress("192.168.12.0/24", 151)).toBe("192.168.12.151");
    expect(communityAddress("10.20.0.0/16", 1500)).toBe("10.20.5.220");
  });

  it("maps bridge vmbr<N> to subnet 10.0.<N-10>.0/24 and edge slot net<N-9>", () => {
    expect(bridgeNumber("vmbr11")).toBe(11);
    expect(bridgeNumber("eth0")).toBeUndefined();
    expect(isolatedSubnet(10)).toBe("10.0.0.0/24");
    expect(isolatedSubnet(99)).toBe("10.0.89.0/24");
    expect(edgeSlotIndex(10)).toBe(1);
    expect(edgeSlotIndex(40)).toBe(31);
  });

  it("derives locally administered unicast MACs from VMID and bridge number", () => {
    expect(customerVmMac(151)).toBe("02:4C:53:00:00:97");
    expect(customerVmMac(0xabcdef)).toBe("02:4C:53:AB:CD:EF");
    expect(edgeNicMac(11)).toBe("06:4C:53:00:00:0B");
    for (const mac of [customerVmMac(199), edgeNicMac(99)]) {
      const first = parseInt(mac.slice(0, 2), 16);
      expect(first & 0b10).toBe(0b10); // locally administered
      expect(first & 0b01).toBe(0); // unicast
    }
    expect(() => customerVmMac(0x1000000)).toThrow("does not fit");
  });

  it("gives SSH ports 22000 + VMID", () => expect(sshPort(151)).toBe(22151));

  it("hands out isolated host parts: pinned first, the rest from .10 in list order", () => {
    expect(isolatedHostParts([undefined, undefined])).toEqual([10, 11]);
    expect(isolatedHostParts([undefined, 10, undefined])).toEqual([11, 10, 12]);
    expect(isolatedHostParts([20, undefined])).toEqual([20, 10]);
    expect(isolatedHostParts([...Array(241).fill(undefined), undefined]).slice(-2)).toEqual([
      250,
      undefined,
    ]);
  });
});

describe("allocation is written into the files, never computed from their order", () => {
  const config = betaConfig();
  const plan = (files: Record<string, string>) => {
    const loaded = loadCustomers(customersDir(files));
    expect(loaded.issues).toEqual([]);
    return planCustomers(loaded.customers, config);
  };
  const vmsByVmid = (files: Record<string, string>) =>
    Object.fromEntries(
      plan(files).flatMap((c) =>
        c.vms.map((v) => [v.vmid, { address: v.address, mac: v.mac, bridge: c.network.bridge }]),
      ),
    );

  const web = "  - vmid: 151\n    package: business\n    role: web\n    address: 10\n";
  const db = "  - vmid: 152\n    package: starter\n    role: db\n    address: 20\n";
  const cache = "  - vmid: 153\n    package: starter\n    role: cache\n    address: 30\n";
  const isolated = (vms: string) =>
    `name: acme\ncontact: ops@acme.example\nnetwork: isolated\nbridge: vmbr11\nvms:\n${vms}`;
  const community = (vmids: number[]) =>
    `name: bravo\ncontact: ops@bravo.example\nvms:\n${vmids.map((id) => `  - vmid: ${id}\n    package: starter\n    role: r${id}\n`).join("")}`;

  it("keeps every other VM's address, MAC and bridge when a VM is removed or the list reordered", () => {
    const before = vmsByVmid({
      "acme.yaml": isolated(web + db + cache),
      "bravo.yaml": community([161, 162, 163]),
    });
    const reordered = vmsByVmid({
      "acme.yaml": isolated(cache + web + db),
      "bravo.yaml": community([163, 161, 162]),
    });
    const removed = vmsByVmid({
      "acme.yaml": isolated(web + cache),
      "bravo.yaml": community([161, 163]),
    });
    expect(reordered).toEqual(before);
    for (const [vmid, vm] of Object.entries(removed)) expect(vm).toEqual(before[vmid]);
    expect(before[152]).toEqual({
      address: "10.0.1.20",
      mac: "02:4C:53:00:00:98",
      bridge: "vmbr11",
    });
    expect(before[162]).toEqual({
      address: "192.168.12.162",
      mac: "02:4C:53:00:00:A2",
      bridge: "vmbr0",
    });
  });

  it("keeps other customers' VMs when a customer is added or removed", () => {
    const one = vmsByVmid({ "bravo.yaml": community([161, 162]) });
    const two = vmsByVmid({ "acme.yaml": isolated(web), "bravo.yaml": community([161, 162]) });
    expect(two[161]).toEqual(one[161]);
    expect(two[162]).toEqual(one[162]);
  });

  it("gives adopted VMs their real MAC, disk interface and address", () => {
    const [customer] = plan({
      "acme.yaml":
        "name: acme\ncontact: ops@acme.example\nvms:\n  - vmid: 150\n    package: business\n    adopted:\n      mac: BC:24:11:AA:BB:CC\n      diskInterface: virtio0\n      address: 192.168.12.150\n",
    });
    expect(customer.vms[0]).toMatchObject({
      mac: "BC:24:11:AA:BB:CC",
      diskInterface: "virtio0",
      address: "192.168.12.150",
      adopted: true,
      image: undefined,
    });
  });
});
