import { describe, expect, it } from "vitest";
import { addressOwner } from "../../src/network/ownership.js";
import { communityTier } from "../../src/tiers/community.js";
import { betaConfig } from "../helpers/fixtures.js";
import { checkTier, customer } from "./helpers.js";

const config = betaConfig();
const vm = (vmid: number, extra: Record<string, unknown> = {}) => ({
  vmid,
  package: "starter",
  role: `r${vmid}`,
  ...extra,
});
const adopted = (address: string) => ({
  adopted: { mac: "BC:24:11:AA:BB:CC", diskInterface: "scsi0", address },
});

describe("the community tier", () => {
  it("is free of charge and exposed while the datacenter firewall is off", () => {
    expect(communityTier.name).toBe("community");
    expect(communityTier.addonCents).toEqual({ beta: 0, regular: 0 });
    expect(communityTier.exposedWithoutDatacenterFirewall).toBe(true);
  });

  describe("check", () => {
    it("accepts VMs without bridge or pinned addresses, and an adopted VM on the LAN", () => {
      const file = customer({ vms: [vm(151), vm(150, adopted("192.168.12.150"))] });
      expect(checkTier(communityTier, file)).toEqual({ problems: [], claims: [] });
    });

    it.each([
      [
        { bridge: "vmbr11", vms: [vm(151)] },
        "bridge: is only for network: isolated; remove it (community VMs use the shared LAN bridge)",
      ],
      [
        { vms: [vm(151, { address: 10 })] },
        "vms[0].address: is only for network: isolated; a community VM's address is the subnet base + its VMID",
      ],
      [
        { vms: [vm(150, adopted("10.0.1.10"))] },
        "vms[0].adopted.address: must be inside the community subnet 192.168.12.0/24",
      ],
    ])("refuses %j", (fields, problem) => {
      expect(checkTier(communityTier, customer(fields)).problems).toEqual([problem]);
    });
  });

  it("resolves subnet base + VMID on the shared bridge, the router as gateway", () => {
    const file = customer({ vms: [vm(151), vm(150, adopted("192.168.12.150"))] });
    expect(communityTier.resolve(file, config)).toEqual({
      kind: "community",
      bridge: "vmbr0",
      subnet: "192.168.12.0/24",
      prefixLength: 24,
      gateway: "192.168.12.1",
      edgeAddress: "192.168.12.120",
      vmAddresses: ["192.168.12.151", "192.168.12.150"],
      label: "community vmbr0",
    });
  });

  it("has no warnings", () => {
    expect(communityTier.warnings(customer({ vms: [vm(151)] }), "acme.yaml")).toEqual([]);
  });

  describe("its segment: who owns a LAN address", () => {
    const segments = communityTier.segments(config);
    it.each([
      ["192.168.12.0", "network", "the network address"],
      ["192.168.12.255", "broadcast", "the broadcast address"],
      ["192.168.12.1", "gateway", "the gateway"],
      ["192.168.12.70", "host", "a host address"],
      ["192.168.12.73", "host", "a host address"],
      ["192.168.12.120", "edge", "the edge VM's address"],
      [
        "192.168.12.2",
        "reserved",
        "reserved 192.168.12.2-192.168.12.69 (LAN devices and the owner's machines)",
      ],
      [
        "192.168.12.254",
        "reserved",
        "reserved 192.168.12.200-192.168.12.254 (the EdgeRouter's DHCP pool)",
      ],
      ["192.168.12.151", "vmid", "the community address of VMID 151 (subnet base + VMID)"],
    ])("%s is %s", (address, kind, description) => {
      expect(addressOwner(segments, address)).toMatchObject({ kind, description });
    });

    it.each(["192.168.12.100", "192.168.12.149", "10.0.1.10", "8.8.8.8"])(
      "%s has no owner",
      (address) => expect(addressOwner(segments, address)).toBeUndefined(),
    );
  });
});
