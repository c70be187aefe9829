import { describe, expect, it } from "vitest";
import { addressOwner } from "../../src/network/ownership.js";
import { isolatedTier } from "../../src/tiers/isolated.js";
import { betaConfig } from "../helpers/fixtures.js";
import { checkTier, customer } from "./helpers.js";

const config = betaConfig();
const vm = (vmid: number, extra: Record<string, unknown> = {}) => ({
  vmid,
  package: "starter",
  role: `r${vmid}`,
  ...extra,
});
const isolated = (fields: Record<string, unknown>) =>
  customer({ network: "isolated", bridge: "vmbr11", vms: [vm(151, { address: 10 })], ...fields });

describe("the isolated tier", () => {
  it("costs the add-on once per customer and is isolated without the datacenter firewall", () => {
    expect(isolatedTier.name).toBe("isolated");
    expect(isolatedTier.addonCents).toEqual({ beta: 500, regular: 1000 });
    expect(isolatedTier.exposedWithoutDatacenterFirewall).toBe(false);
  });

  describe("check", () => {
    it("accepts a free bridge and claims it across files", () => {
      expect(checkTier(isolatedTier, isolated({}))).toEqual({
        problems: [],
        claims: ["bridge vmbr11"],
      });
    });

    it.each([
      [
        "no bridge",
        { bridge: undefined },
        "bridge: is required for network: isolated (a free bridge vmbr10..vmbr40; customer:new picks one)",
      ],
      ["a bridge out of range", { bridge: "vmbr9" }, "bridge: must be vmbr10..vmbr40, not vmbr9"],
      [
        "a bridge beyond the edge's NIC slots",
        { bridge: "vmbr41" },
        "bridge: must be vmbr10..vmbr40, not vmbr41",
      ],
      [
        "a pinned address twice",
        { vms: [vm(151, { address: 10 }), vm(152, { address: 10 })] },
        "vms[1].address: .10 is already pinned by vms[0]; each VM needs its own address",
      ],
      [
        "an adopted address outside the bridge's subnet",
        {
          vms: [
            vm(150, {
              adopted: { mac: "BC:24:11:AA:BB:CC", diskInterface: "scsi0", address: "10.0.2.10" },
            }),
          ],
        },
        "vms[0].adopted.address: must be inside 10.0.1.0/24, the subnet of vmbr11",
      ],
    ])("refuses %s", (_what, fields, problem) => {
      expect(checkTier(isolatedTier, isolated(fields)).problems).toEqual([problem]);
    });

    it("refuses a bridge whose edge slot is reserved in config", () => {
      const withReserved = { ...config, edge: { ...config.edge, reservedSlots: ["net2"] } };
      expect(checkTier(isolatedTier, isolated({}), { config: withReserved }).problems).toEqual([
        "bridge: vmbr11 would need edge NIC slot net2, which is reserved on the edge VM (hosting:edge); pick another bridge",
      ]);
    });

    it("refuses a retired bridge, naming when and whose", () => {
      expect(
        checkTier(isolatedTier, isolated({}), { retiredBridges: ["vmbr11"] }).problems,
      ).toEqual([
        "bridge: vmbr11 was retired on 2026-01-31 (customer gone, customers/.retired.yaml) and is never reused",
      ]);
    });

    it("refuses a customer whose network is full", () => {
      const vms = Array.from({ length: 242 }, (_, i) => vm(1000 + i));
      expect(checkTier(isolatedTier, isolated({ vms })).problems).toEqual([
        "vms[241]: no free address is left on this isolated network (.10-.250)",
      ]);
    });
  });

  it("resolves the bridge's subnet, pinned then free addresses, and the edge's side", () => {
    const file = isolated({
      vms: [
        vm(151),
        vm(152, { address: 10 }),
        vm(150, {
          adopted: { mac: "BC:24:11:AA:BB:CC", diskInterface: "scsi0", address: "10.0.1.200" },
        }),
      ],
    });
    expect(isolatedTier.resolve(file, config)).toEqual({
      kind: "isolated",
      bridge: "vmbr11",
      subnet: "10.0.1.0/24",
      prefixLength: 24,
      gateway: "10.0.1.1",
      edgeAddress: "10.0.1.1",
      isolated: {
        bridgeNumber: 11,
        edgeSlot: "net2",
        edgeMac: "06:4C:53:00:00:0B",
        edgeIfname: "lsu11",
        gatewayCidr: "10.0.1.1/24",
      },
      vmAddresses: ["10.0.1.11", "10.0.1.10", "10.0.1.200"],
      label: "isolated vmbr11 10.0.1.0/24",
    });
  });

  it("warns about VMs without a pinned address", () => {
    expect(isolatedTier.warnings(isolated({ vms: [vm(151)] }), "acme.yaml")).toEqual([
      'acme.yaml: vms[0] has no pinned address; pin it with "address:" so reordering VMs can never move it',
    ]);
  });

  describe("its segments: .0, .1 and .255 of every bridge's subnet", () => {
    const segments = isolatedTier.segments(config);
    it.each([
      ["10.0.1.0", "network", "the network address"],
      ["10.0.1.1", "gateway", "the gateway (the edge VM's address on vmbr11)"],
      ["10.0.1.255", "broadcast", "the broadcast address"],
      ["10.0.30.1", "gateway", "the gateway (the edge VM's address on vmbr40)"],
    ])("%s is %s", (address, kind, description) => {
      expect(addressOwner(segments, address)).toMatchObject({ kind, description });
    });

    it.each(["10.0.1.10", "10.0.1.250", "192.168.12.1"])("%s has no owner", (address) =>
      expect(addressOwner(segments, address)).toBeUndefined(),
    );
  });
});
