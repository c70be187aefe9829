import { createRequire } from "node:module";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type * as Runtime from "../../src/proxmox/edge-nic/runtime.cjs";
import type { EdgeNicSpec } from "../../src/proxmox/edge-nic/runtime.cjs";

const { HttpPveApi, createEdgeNic, deleteEdgeNic, readEdgeNic } = createRequire(__filename)(
  "../../src/proxmox/edge-nic/runtime.cjs",
) as typeof Runtime;

import { FakePve } from "../helpers/fake-pve.js";

const TOKEN = "pulumi@pve!iac=11111111-2222-3333-4444-555555555555";
const UPLINK = "virtio=BC:24:11:12:00:01,bridge=vmbr0,firewall=1";
const spec: EdgeNicSpec = {
  node: "LightSpeedUp",
  vmid: 120,
  slot: "net2",
  mac: "06:4C:53:00:00:0B",
  bridge: "vmbr11",
  reservedSlots: ["net0"],
};
const fast = { attempts: 5, delayMs: 5 };

let pve: FakePve;
let api: InstanceType<typeof HttpPveApi>;
beforeAll(async () => {
  pve = new FakePve(TOKEN);
  await pve.start();
  api = new HttpPveApi({ endpoint: pve.endpoint, apiToken: TOKEN, ca: pve.ca });
});
afterAll(() => pve.stop());
beforeEach(() => {
  pve.config = { net0: UPLINK, name: "edge", cores: "2" };
  pve.digestCounter = 0;
  pve.requests = [];
  pve.lockFailures = 0;
});

describe("edge NIC against a local fake of the Proxmox API", () => {
  it("adds net<N-9> with the project's MAC, the bridge and firewall=0, without touching other NICs", async () => {
    const nic = await createEdgeNic(api, spec, fast);
    expect(nic).toEqual({
      model: "virtio",
      mac: "06:4C:53:00:00:0B",
      bridge: "vmbr11",
      firewall: false,
    });
    expect(pve.config).toEqual({
      net0: UPLINK,
      net2: "virtio=06:4C:53:00:00:0B,bridge=vmbr11,firewall=0",
      name: "edge",
      cores: "2",
    });
    const put = pve.requests.find((r) => r.method === "PUT")!;
    expect(put.form).toEqual({
      net2: "virtio=06:4C:53:00:00:0B,bridge=vmbr11,firewall=0",
      digest: "digest-0",
    });
  });

  it("is idempotent: creating again sends no write", async () => {
    await createEdgeNic(api, spec, fast);
    pve.requests = [];
    await createEdgeNic(api, spec, fast);
    expect(pve.requests.map((r) => r.method)).toEqual(["GET"]);
  });

  it("refuses an occupied slot holding a MAC the project did not assign, changing nothing", async () => {
    pve.config.net2 = "virtio=BC:24:11:99:99:99,bridge=vmbr5,firewall=1";
    const before = { ...pve.config };
    await expect(createEdgeNic(api, spec, fast)).rejects.toThrow(
      'edge VM 120: net2 already holds "virtio=BC:24:11:99:99:99,bridge=vmbr5,firewall=1", a NIC the project did not assign (expected MAC 06:4C:53:00:00:0B); refusing to overwrite it. Nothing changed.',
    );
    expect(pve.config).toEqual(before);
    expect(pve.requests.filter((r) => r.method === "PUT")).toEqual([]);
  });

  it("refuses a reserved slot without calling the API", async () => {
    await expect(createEdgeNic(api, { ...spec, slot: "net0" }, fast)).rejects.toThrow(
      "edge VM 120: net0 is reserved (hosting:edge); refusing to attach vmbr11. Nothing changed.",
    );
    expect(pve.requests).toEqual([]);
  });

  it("leaves a foreign MAC untouched on delete, and succeeds", async () => {
    pve.config.net2 = "virtio=BC:24:11:99:99:99,bridge=vmbr5,firewall=1";
    expect(await deleteEdgeNic(api, spec, fast)).toBe("foreign-left-alone");
    expect(pve.config.net2).toBe("virtio=BC:24:11:99:99:99,bridge=vmbr5,firewall=1");
  });

  it("deletes only its own NIC, and succeeds a second time", async () => {
    await createEdgeNic(api, spec, fast);
    expect(await deleteEdgeNic(api, spec, fast)).toBe("deleted");
    expect(pve.config).toEqual({ net0: UPLINK, name: "edge", cores: "2" });
    expect(pve.requests.at(-1)!.form).toEqual({ delete: "net2", digest: "digest-1" });
    expect(await deleteEdgeNic(api, spec, fast)).toBe("already-gone");
    expect(pve.config).toEqual({ net0: UPLINK, name: "edge", cores: "2" });
  });

  it("retries while Proxmox holds the VM's config lock", async () => {
    pve.lockFailures = 3;
    await createEdgeNic(api, spec, fast);
    expect(pve.requests.filter((r) => r.method === "PUT")).toHaveLength(4);
    expect(pve.config.net2).toBe("virtio=06:4C:53:00:00:0B,bridge=vmbr11,firewall=0");
  });

  it("gives up with Proxmox's message when the lock never frees", async () => {
    pve.lockFailures = 99;
    await expect(createEdgeNic(api, spec, fast)).rejects.toThrow(
      "can't lock file '/var/lock/qemu-server/lock-120.conf' - got timeout",
    );
    expect(pve.config.net2).toBeUndefined();
  });

  it("serialises concurrent writes to VM120: four NICs at once all land", async () => {
    const specs = [11, 12, 13, 14].map((n) => ({
      ...spec,
      slot: `net${n - 9}`,
      mac: `06:4C:53:00:00:${n.toString(16).toUpperCase().padStart(2, "0")}`,
      bridge: `vmbr${n}`,
    }));
    await Promise.all(specs.map((s) => createEdgeNic(api, s, fast)));
    expect(
      Object.keys(pve.config)
        .filter((k) => k.startsWith("net"))
        .sort(),
    ).toEqual(["net0", "net2", "net3", "net4", "net5"]);
  });

  it("reads the NIC for drift, and reports it missing when gone or replaced", async () => {
    await createEdgeNic(api, spec, fast);
    expect(await readEdgeNic(api, spec)).toMatchObject({
      mac: "06:4C:53:00:00:0B",
      bridge: "vmbr11",
      firewall: false,
    });
    pve.config.net2 = "virtio=BC:24:11:99:99:99,bridge=vmbr11,firewall=0";
    expect(await readEdgeNic(api, spec)).toBeUndefined();
  });

  it("verifies TLS: a client without the PVE CA is refused", async () => {
    const untrusting = new HttpPveApi({ endpoint: pve.endpoint, apiToken: TOKEN });
    await expect(untrusting.getConfig("LightSpeedUp", 120)).rejects.toThrow(
      /self.signed|certificate/i,
    );
  });
});
