import { describe, expect, it } from "vitest";
import { customerVmMac, edgeNicMac, vmidOfDerivedMac } from "../../src/network/addressing.js";
import { addressOwner, macOwner, segmentOf } from "../../src/network/ownership.js";
import { allSegments } from "../../src/tiers/index.js";
import { betaConfig } from "../helpers/fixtures.js";

const segments = allSegments(betaConfig());

describe("who owns an address or a MAC", () => {
  it("finds the segment of an address: the LAN or one isolated bridge's subnet", () => {
    expect(segmentOf(segments, "192.168.12.151")?.name).toBe("the community LAN 192.168.12.0/24");
    expect(segmentOf(segments, "10.0.5.10")?.name).toBe(
      "the isolated network of vmbr15 10.0.5.0/24",
    );
    expect(segmentOf(segments, "10.0.31.10")).toBeUndefined(); // vmbr41 is beyond the edge
    expect(addressOwner(segments, "8.8.8.8")).toBeUndefined();
  });

  it.each([
    [edgeNicMac(11), { kind: "edge", description: "the edge VM's NIC on vmbr11" }],
    [customerVmMac(151), { kind: "vmid", vmid: 151 }],
    [customerVmMac(0xffffff), { kind: "vmid", vmid: 0xffffff }],
  ])("%s belongs to %j", (mac, owner) => {
    expect(macOwner(segments, mac)).toMatchObject(owner);
  });

  it.each(["BC:24:11:AA:BB:CC", "02:4C:54:00:00:97", "06:4C:53:00:00:0A:00"])(
    "%s belongs to no one",
    (mac) => {
      expect(macOwner(segments, mac)).toBeUndefined();
    },
  );

  it("inverts the derived VM MAC", () => {
    for (const vmid of [100, 151, 65535, 0xffffff])
      expect(vmidOfDerivedMac(customerVmMac(vmid))).toBe(vmid);
    expect(vmidOfDerivedMac(edgeNicMac(11))).toBeUndefined();
  });
});
