import { describe, expect, it } from "vitest";
import { validateHostingConfig } from "../../src/config/validate-config.js";
import { formatIssue } from "../../src/model/issues.js";
import { betaConfigValues } from "../helpers/fixtures.js";

const check = (overrides: Record<string, unknown>) =>
  validateHostingConfig({ ...betaConfigValues(), ...overrides }, "Pulumi.beta.yaml").issues.map(
    formatIssue,
  );

describe("hosting:* config validation", () => {
  it("accepts the beta stack as committed", () => {
    const result = validateHostingConfig(betaConfigValues(), "Pulumi.beta.yaml");
    expect(result.issues).toEqual([]);
    expect(result.config).toMatchObject({
      node: "LightSpeedUp",
      datastore: "SSD_VMs",
      pricing: "beta",
      datacenterFirewall: true,
    });
    expect(result.config!.reservedVmids.map((r) => r.vmid)).toEqual([150, 160, 170, 180, 190, 191]);
  });

  it("names a missing key", () => {
    const values = betaConfigValues();
    delete values.node;
    expect(validateHostingConfig(values, "Pulumi.beta.yaml").issues.map(formatIssue)).toEqual([
      "Pulumi.beta.yaml: hosting:node: is required: expected string (set it in the stack file or as a default in Pulumi.yaml)",
    ]);
  });

  it("names wrong types and unknown keys inside a value", () => {
    expect(
      check({
        datacenterFirewall: "yes",
        edge: { ...(betaConfigValues().edge as object), slots: 3 },
      }),
    ).toEqual([
      "Pulumi.beta.yaml: hosting:datacenterFirewall: Invalid input: expected boolean, received string",
      'Pulumi.beta.yaml: hosting:edge.slots: unknown field "slots"; allowed fields here: vmId, uplink, reservedSlots, generation',
    ]);
    expect(check({ capacity: "lots" })).toEqual([
      "Pulumi.beta.yaml: hosting:capacity: Invalid input: expected object, received string",
    ]);
  });

  it("refuses values that would reach a script unvalidated", () => {
    expect(check({ node: "pve; reboot" })).toEqual([
      "Pulumi.beta.yaml: hosting:node: node must start with a letter and use only letters, digits, '_', '.' and '-' (at most 63)",
    ]);
  });

  it("refuses a template disk over 30 GiB (the smallest package's disk)", () => {
    const templates = {
      "debian-12": { ...(betaConfigValues().templates as any)["debian-12"], diskSizeGb: 32 },
    };
    expect(check({ templates })).toEqual([
      "Pulumi.beta.yaml: hosting:templates.debian-12.diskSizeGb: Too big: expected number to be <=30",
    ]);
  });

  it("refuses a customer range whose addresses hit the DHCP pool, the edge or leave the subnet", () => {
    expect(check({ customerVmids: { first: 195, last: 205 } })).toEqual([
      "Pulumi.beta.yaml: hosting:customerVmids: the customer range 195-205 gives unusable community addresses: VMID 200 → 192.168.12.200 is reserved 192.168.12.200-192.168.12.254 (the EdgeRouter's DHCP pool); VMID 201 → 192.168.12.201 is reserved 192.168.12.200-192.168.12.254 (the EdgeRouter's DHCP pool); VMID 202 → 192.168.12.202 is reserved 192.168.12.200-192.168.12.254 (the EdgeRouter's DHCP pool); VMID 203 → 192.168.12.203 is reserved 192.168.12.200-192.168.12.254 (the EdgeRouter's DHCP pool); VMID 204 → 192.168.12.204 is reserved 192.168.12.200-192.168.12.254 (the EdgeRouter's DHCP pool)",
    ]);
    expect(check({ customerVmids: { first: 118, last: 121 } })[0]).toContain(
      "VMID 120 → 192.168.12.120 is the edge VM's address",
    );
    const wide = check({ customerVmids: { first: 255, last: 260 }, reservedAddresses: [] })[0];
    expect(wide).toContain("VMID 255 → 192.168.12.255 is the broadcast address");
    expect(wide).toContain("VMID 256 → 192.168.13.0 is outside 192.168.12.0/24");
    expect(check({ hostAddresses: ["192.168.12.151"] })[0]).toContain(
      "VMID 151 → 192.168.12.151 is a host address",
    );
  });

  it.each([
    // the range starts inside the DHCP pool: the five clashes from its first VMID
    [{ first: 210, last: 260 }, [210, 211, 212, 213, 214]],
    // clashes with different owners come in VMID order: the edge, then the pool
    [{ first: 100, last: 300 }, [120, 200, 201, 202, 203]],
  ])("reports the first five clashing VMIDs of %j in order", (customerVmids, vmids) => {
    const message = check({ customerVmids })[0];
    const reported = [...message.matchAll(/VMID (\d+) →/g)].map((m) => Number(m[1]));
    expect(reported).toEqual(vmids);
  });

  it("cross-checks the subnet, gateway, edge and default image", () => {
    expect(
      check({
        community: { bridge: "vmbr0", subnet: "192.168.12.0/24", gateway: "192.168.13.1" },
        defaultImage: "ubuntu",
      }),
    ).toEqual([
      "Pulumi.beta.yaml: hosting:community.gateway: must be inside 192.168.12.0/24",
      "Pulumi.beta.yaml: hosting:defaultImage: must be one of the templates: debian-12",
    ]);
    expect(
      check({ community: { bridge: "vmbr0", subnet: "192.168.12.5/24", gateway: "192.168.12.1" } }),
    ).toEqual([
      "Pulumi.beta.yaml: hosting:community.subnet: 192.168.12.5/24 is not a network address (did you mean 192.168.12.0/24?)",
    ]);
  });

  it("refuses private DNS resolvers (customers cannot reach them)", () => {
    expect(check({ dnsServers: ["192.168.12.1"] })).toEqual([
      "Pulumi.beta.yaml: hosting:dnsServers: must be public resolvers: customer VMs cannot reach private addresses",
    ]);
  });

  it("refuses a monitoring generation when monitoring runs on the edge VM", () => {
    expect(check({ monitoring: { generation: 2 } })).toEqual([
      "Pulumi.beta.yaml: hosting:monitoring.generation: is for a separate monitoring host (monitoring.ssh): on the edge VM, hosting:edge.generation re-runs the monitoring commands too",
    ]);
  });
});
