import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlanEvaluation } from "../../src/plan/evaluate-plan.js";
import { FakePve } from "../helpers/fake-pve.js";
import { customersDir, isolatedFile } from "../helpers/fixtures.js";
import { find, runPlan } from "../helpers/plan.js";

const TOKEN = "pulumi@pve!iac=99999999-8888-7777-6666-555555555555";
const NIC = "pulumi-nodejs:dynamic/lightspeedup:EdgeNic";
let pve: FakePve;
let plan: PlanEvaluation;

beforeAll(async () => {
  pve = new FakePve(TOKEN);
  await pve.start();
  pve.config = { net0: "virtio=BC:24:11:12:00:01,bridge=vmbr0,firewall=1" };
  plan = await runPlan(
    customersDir({
      "alpha.yaml": isolatedFile("alpha", 151, 11),
      "bravo.yaml": isolatedFile("bravo", 152, 14),
    }),
    {
      "proxmoxve:apiToken": TOKEN,
    },
  );
});
afterAll(() => pve.stop());

describe("the edge NIC resource under the mock engine", () => {
  it("declares one protected NIC per isolated bridge with the right slot, MAC and bridge, after the bridge", () => {
    const nics = plan.resources.filter((r) => r.type === NIC);
    expect(nics.map((n) => n.name)).toEqual(["edge-nic-11", "edge-nic-14"]);
    const nic = find(plan.resources, NIC, "edge-nic-14");
    const { __provider, ...inputs } = nic.inputs;
    expect(inputs).toEqual({
      node: "LightSpeedUp",
      vmid: 120,
      slot: "net5",
      mac: "06:4C:53:00:00:0E",
      bridge: "vmbr14",
      reservedSlots: ["net0"],
    });
    expect(typeof __provider).toBe("string");
    expect(nic.options.protect).toBe(true);
    expect(nic.options.dependsOn).toEqual([
      find(plan.resources, "proxmoxve:network/linux/bridge:Bridge", "bridge-14").urn,
    ]);
  });

  it("orders each network's edge command after its NIC and the base chains", () => {
    const cmd = find(plan.resources, "command:remote:Command", "edge-net-14");
    expect(cmd.options.dependsOn.sort()).toEqual(
      [
        find(plan.resources, NIC, "edge-nic-14").urn,
        find(plan.resources, "command:remote:Command", "edge-net-base").urn,
      ].sort(),
    );
    expect(cmd.inputs.triggers).toEqual([1]);
    expect(cmd.options.deleteBeforeReplace).toBe(true);
  });

  it("declares an SSH forward per VM, after the VM, the base chains and (isolated) its network", () => {
    const ssh = find(plan.resources, "command:remote:Command", "edge-ssh-151");
    expect(ssh.options.dependsOn.sort()).toEqual(
      [
        find(plan.resources, "proxmoxve:index/vmLegacy:VmLegacy", "vm-151").urn,
        find(plan.resources, "command:remote:Command", "edge-net-base").urn,
        find(plan.resources, "command:remote:Command", "edge-net-11").urn,
      ].sort(),
    );
    expect(plan.resources.filter((r) => r.name.startsWith("edge-ssh-")).map((r) => r.name)).toEqual(
      ["edge-ssh-151", "edge-ssh-152"],
    );
    expect(plan.outputs!.inventory.flatMap((c) => c.vms.map((v) => v.sshEndpoint))).toEqual([
      "203.0.113.10:22151",
      "203.0.113.10:22152",
    ]);
  });

  it("never carries the API token in any resource's inputs, its serialised provider or its state", () => {
    const pve = find(plan.resources, "pulumi:providers:proxmoxve", "proxmoxve");
    expect(pve.inputs.apiToken).toBe("[secret]"); // the real provider needs it, encrypted in state
    for (const r of plan.resources.filter((x) => x !== pve))
      expect(JSON.stringify(r.revealedInputs)).not.toContain("99999999-8888");
  });

  it("runs its serialised provider code against the fake API: token from config at run time", async () => {
    const nic = find(plan.resources, NIC, "edge-nic-14");
    const { __provider, ...inputs } = nic.inputs;
    const module = { exports: {} as { handler: () => any } };
    new Function("exports", "require", "module", String(__provider))(
      module.exports,
      require,
      module,
    );
    const provider = module.exports.handler();
    await provider.configure({
      config: {
        get: (k: string) =>
          ({
            "proxmoxve:endpoint": pve.endpoint,
            "proxmoxve:apiToken": TOKEN,
            "hosting:pveCaPem": pve.ca,
          })[k],
      },
    });
    const created = await provider.create(inputs);
    expect(created.id).toBe("LightSpeedUp/120/net5");
    expect(JSON.stringify(created.outs)).not.toContain("99999999");
    expect(pve.config.net5).toBe("virtio=06:4C:53:00:00:0E,bridge=vmbr14,firewall=0");
    expect(await provider.read(created.id, created.outs)).toMatchObject({
      id: "LightSpeedUp/120/net5",
      props: { mac: "06:4C:53:00:00:0E" },
    });
    await provider.delete(created.id, created.outs);
    await provider.delete(created.id, created.outs);
    expect(pve.config).toEqual({ net0: "virtio=BC:24:11:12:00:01,bridge=vmbr0,firewall=1" });
  });
});
