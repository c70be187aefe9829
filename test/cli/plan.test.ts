import { describe, expect, it } from "vitest";
import { bufferIo } from "../../src/cli/io.js";
import { run as runPlan } from "../../src/cli/plan.js";
import { communityFile, customersDir, PROJECT_DIR } from "../helpers/fixtures.js";
import { spawnCli } from "../helpers/spawn-cli.js";

async function plan(...args: string[]) {
  const io = bufferIo({ cwd: PROJECT_DIR });
  const code = await runPlan(args, io);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe("npm run plan", () => {
  it("runs as a command: npm's entry prints the beta totals and exits 0 (spawned smoke test)", () => {
    const run = spawnCli("plan", "--customers", "examples/customers", "--json");
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).totals.customers).toBe(16);
  });

  it("reports the guide's beta totals exactly in JSON", async () => {
    const run = await plan("--customers", "examples/customers", "--json");
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout);
    expect(json.ok).toBe(true);
    expect(json.totals).toEqual({
      customers: 16,
      vms: 16,
      isolatedNetworks: 4,
      cores: 76,
      memoryGb: 192,
      diskGb: 1560,
    });
    expect(json.revenue).toMatchObject({
      currency: "USD",
      monthly: 602,
      suspended: 0,
      beta: 602,
      regular: 1204,
    });
    expect(json.capacity).toMatchObject({
      ok: true,
      warnings: ["memory: 442 of 480 GiB (92.1%) is at or above 85%"],
      cpu: { demand: 96, limit: 128 },
      memory: { demand: 442, limit: 480 },
      disk: { demand: 1860, limit: 14000 },
    });
    expect(json.customers).toHaveLength(16);
    expect(json.errors).toEqual([]);
    const vm = json.resources.find(
      (r: any) => r.type === "proxmoxve:index/vmLegacy:VmLegacy" && r.name === "vm-151",
    );
    expect(vm).toMatchObject({
      customer: "harbor-shop",
      parent: "lightspeedup:hosting:CustomerVm::vm-151",
      options: {
        protect: true,
        ignoreChanges: ["clone", "initialization"],
        deleteBeforeReplace: false,
      },
    });
    expect(vm.options.dependsOn.sort()).toEqual([
      "proxmoxve:index/poolLegacy:PoolLegacy::pool-harbor-shop",
      "proxmoxve:network/linux/bridge:Bridge::bridge-10",
    ]);
    const provider = json.resources.find((r: any) => r.type === "pulumi:providers:proxmoxve");
    expect(provider.inputs.apiToken).toBe("[secret]");
    expect(run.stdout).not.toContain("placeholder-secret");
  });

  it("prints the plan per customer, then capacity and revenue", async () => {
    const run = await plan("--customers", "examples/customers");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Plan for stack beta from examples/customers: 16 customer(s)");
    expect(run.stdout).toMatch(
      /harbor-shop \("Harbor Shop"\) — isolated vmbr10 10\.0\.0\.0\/24, active, beta pricing, \$49\.50\/month, 17 resources/,
    );
    expect(run.stdout).toMatch(
      /VM 151 {2}harbor-shop-web +business +10\.0\.0\.10 +vmbr10 ssh 203\.0\.113\.10:22151/,
    );
    expect(run.stdout).toContain("billed now (active customers, own pricing): $602.00");
    expect(run.stdout).toContain(
      "list price of all customers: $602.00 at beta, $1,204.00 at regular prices",
    );
    expect(run.stdout).toContain("! capacity memory: 442 of 480 GiB (92.1%) is at or above 85%");
  });

  it("says so when there are no customers and shows how to plan the examples", async () => {
    const run = await plan();
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No customers yet: customers holds no customer files.");
    expect(run.stdout).toContain("npm run plan -- --customers examples/customers");
  });

  it("exits 1 on invalid input, listing every error in text and in JSON with no resources", async () => {
    const dir = customersDir({
      "alpha.yaml": communityFile("alpha", 149),
      "bravo.yaml": "name: bravo\npakage: x\n",
    });
    const text = await plan("--customers", dir);
    expect(text.code).toBe(1);
    expect(text.stdout).toContain(
      "Plan refused for stack beta: 4 problem(s); no resource would be declared.",
    );
    expect(text.stdout).toContain(
      `${dir}/alpha.yaml:4: vms[0].vmid: 149 is outside the customer range 150-199`,
    );
    expect(text.stdout).toContain(
      `${dir}/bravo.yaml:2: pakage: unknown field "pakage"; allowed fields here: name, displayName, contact, network, bridge, pricing, status, vms, sshKeys, domains`,
    );

    const json = await plan("--customers", dir, "--json");
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.stdout);
    expect(doc.ok).toBe(false);
    expect(doc.resources).toEqual([]);
    expect(doc.errors).toContainEqual({
      file: `${dir}/alpha.yaml`,
      path: "vms[0].vmid",
      line: 4,
      message: "149 is outside the customer range 150-199",
    });
    expect(doc.errors).toHaveLength(4);
  });

  it("exits 2 on bad usage", async () => {
    expect((await plan("--bogus")).code).toBe(2);
    expect((await plan("--bogus")).stderr).toContain("Unknown option '--bogus'");
    expect((await plan("--stack", "nope")).code).toBe(2);
    expect((await plan("--stack", "nope")).stderr).toContain("no stack file");
    expect((await plan("--stack", "a;b")).code).toBe(2);
    expect((await plan("stray")).code).toBe(2);
  });

  it("exits 2 when the customers folder does not exist", async () => {
    const run = await plan("--customers", "no/such/folder");
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("--customers no/such/folder: no such folder");
  });
});
