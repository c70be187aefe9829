import * as proxmox from "@muhlba91/pulumi-proxmoxve";
import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { installMocks, readableValue, settle } from "../../src/plan/mock-engine.js";
import { examples, find, runPlan, T } from "../helpers/plan.js";

describe("the recorder", () => {
  it("shows secrets, unknowns and resource references readably, revealing secrets on request", () => {
    const wire = {
      token: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s" },
      ref: { "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e", urn: "u" },
      list: ["04da6b54-80e4-46f7-96ec-b56ff0331ba9", 1],
    };
    expect(readableValue(wire)).toEqual({ token: "[secret]", ref: "u", list: ["[unknown]", 1] });
    expect(readableValue(wire, true)).toMatchObject({ token: "s" });
  });

  it("converts inputs once, on first read, and keeps both views as plain properties", async () => {
    const plan = await runPlan(examples("customers"));
    const provider = find(plan.resources, T.provider, "proxmoxve");
    expect(Object.keys(provider)).toEqual(expect.arrayContaining(["inputs", "revealedInputs"]));
    expect(provider.inputs).toBe(provider.inputs);
    expect(provider.inputs.apiToken).toBe("[secret]");
    expect(provider.revealedInputs.apiToken).not.toBe("[secret]");
    expect({ ...provider }.inputs).toEqual(provider.inputs);
    expect(JSON.parse(JSON.stringify(provider)).inputs).toEqual(provider.inputs);
  });
});

const resolved = <T>(o: pulumi.Output<T>) => new Promise<T>((resolve) => o.apply(resolve));

describe("the mock engine's answer", () => {
  it("gives a VM its VMID as id, a command an empty stdout, other resources a named id", async () => {
    const run = await installMocks({ project: "p", stack: "s", config: {}, secretKeys: [] });
    class Holder extends pulumi.ComponentResource {
      constructor() {
        super("test:index:Holder", "holder", {});
        this.registerOutputs({ done: true });
      }
    }
    const holder = new Holder();
    const vm = new proxmox.VmLegacy("vm-4242", { nodeName: "pve", vmId: 4242 }, { parent: holder });
    const pool = new proxmox.PoolLegacy("pool-a", { poolId: "a" }, { parent: holder });
    const cmd = new command.remote.Command("unit", {
      connection: { host: "10.0.0.1" },
      create: "true",
    });
    expect(await resolved(vm.id)).toBe("4242");
    expect(await resolved(vm.vmId)).toBe(4242);
    expect(await resolved(pool.id)).toBe("pool-a-id");
    expect(await resolved(cmd.stdout)).toBe("");
    expect(await resolved(cmd.create)).toBe("true");
    expect(await resolved(vm.urn)).toBe(
      "urn:pulumi:s::p::test:index:Holder$proxmoxve:index/vmLegacy:VmLegacy::vm-4242",
    );
    await settle();
    const urnTypes = run.resources.map((r) => [r.name, r.urn.split("::")[2]]);
    expect(urnTypes.sort()).toEqual([
      ["holder", "test:index:Holder"],
      ["pool-a", "test:index:Holder$proxmoxve:index/poolLegacy:PoolLegacy"],
      ["unit", "command:remote:Command"],
      ["vm-4242", "test:index:Holder$proxmoxve:index/vmLegacy:VmLegacy"],
    ]);
  });
});
