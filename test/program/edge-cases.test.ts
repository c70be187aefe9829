import { describe, expect, it } from "vitest";
import { formatIssue } from "../../src/model/issues.js";
import { communityFile, customersDir, isolatedFile } from "../helpers/fixtures.js";
import { examples, find, runPlan, T } from "../helpers/plan.js";

describe("edge cases (examples/edge-cases)", () => {
  it("stops a suspended customer's VM and keeps it off at boot, protection on", async () => {
    const plan = await runPlan(examples("edge-cases"));
    expect(plan.analysis.issues).toEqual([]);
    expect(find(plan.resources, T.vm, "vm-153").inputs).toMatchObject({
      started: false,
      onBoot: false,
      protection: true,
    });
    // offboarding: stopped and PVE protection off so the runbook can remove it; Pulumi protect stays.
    const leaving = find(plan.resources, T.vm, "vm-155");
    expect(leaving.inputs).toMatchObject({ started: false, onBoot: false, protection: false });
    expect(leaving.options.protect).toBe(true);
    expect(find(plan.resources, T.vm, "vm-151").inputs).toMatchObject({
      started: true,
      onBoot: true,
      protection: true,
    });
  });

  it("adopts an existing VM: imported, its real MAC and disk, no clone and no cloud-init", async () => {
    const plan = await runPlan(examples("edge-cases"));
    const vm = find(plan.resources, T.vm, "vm-150");
    expect(vm.options.importId).toBe("LightSpeedUp/150");
    expect(vm.options.protect).toBe(true);
    expect(vm.inputs.clone).toBeUndefined();
    expect(vm.inputs.initialization).toBeUndefined();
    expect(vm.inputs.networkDevices).toEqual([
      { bridge: "vmbr0", model: "virtio", macAddress: "BC:24:11:5E:A0:01", firewall: true },
    ]);
    expect(vm.inputs.disks).toEqual([{ interface: "scsi0", datastoreId: "SSD_VMs", size: 120 }]);
    expect(find(plan.resources, T.ipset, "fw-ipfilter-150").inputs.cidrs).toEqual([
      { name: "192.168.12.150", comment: "assigned address" },
    ]);
  });

  it("lets a web + database pair on one bridge reach each other and nothing else of their own", async () => {
    const plan = await runPlan(examples("edge-cases"));
    const rules = find(plan.resources, T.rules, "fw-rules-152").inputs.rules as {
      type?: string;
      source?: string;
      dest?: string;
    }[];
    expect(rules[2]).toMatchObject({ type: "in", source: "10.0.10.10,10.0.10.20" });
    expect(rules[3]).toMatchObject({ type: "out", dest: "10.0.10.10,10.0.10.20" });
    expect(plan.resources.filter((r) => r.type === T.bridge).map((r) => r.inputs.name)).toEqual([
      "vmbr20",
    ]);
  });

  it("keeps a hostile display name out of every resource input", async () => {
    const plan = await runPlan(examples("edge-cases"));
    const text = JSON.stringify(plan.resources.map((r) => r.inputs));
    expect(text).not.toContain("DROP TABLE");
    expect(text).not.toContain("$(reboot)");
    expect(plan.outputs!.inventory.find((c) => c.name === "odd-name")!.displayName).toBe(
      'Rob\'); DROP TABLE vms;-- $(reboot) `id` {x} "q" \\ ünï',
    );
  });
});

describe("nothing is declared when anything is wrong", () => {
  it("declares no resource for an invalid customer file, and reports it", async () => {
    const dir = customersDir({
      "good.yaml": communityFile("good", 151),
      "bad.yaml": communityFile("bad", 151),
    });
    const plan = await runPlan(dir);
    expect(plan.resources).toEqual([]);
    expect(plan.outputs).toBeUndefined();
    expect(plan.analysis.issues.map(formatIssue)).toEqual([
      expect.stringMatching(
        /good\.yaml:4: vms\[0\]\.vmid: VMID 151 is already used by .*bad\.yaml:4 \(vms\[0\]\.vmid\); it must be unique$/,
      ),
    ]);
  });

  it("refuses the plan while the datacenter firewall is off, unless the risk is accepted", async () => {
    const dir = customersDir({
      "alpha.yaml": communityFile("alpha", 151),
      "bravo.yaml": isolatedFile("bravo", 152, 11),
    });
    const refused = await runPlan(dir, { "hosting:datacenterFirewall": "false" });
    expect(refused.resources).toEqual([]);
    expect(refused.analysis.issues.map(formatIssue)).toEqual([
      "Pulumi.beta.yaml: hosting:datacenterFirewall: is false: the datacenter firewall is off, so no VM firewall rule is enforced and these community customers are not isolated from the LAN or each other: alpha. Turn the firewall on (docs/runbooks/setup.md) and set it to true, or set hosting:acceptNoIsolation: true to accept the risk",
    ]);
    const accepted = await runPlan(dir, {
      "hosting:datacenterFirewall": "false",
      "hosting:acceptNoIsolation": "true",
    });
    expect(accepted.resources.length).toBeGreaterThan(0);
    expect(accepted.analysis.warnings).toContain(
      "the datacenter firewall is off, so no VM firewall rule is enforced and these community customers are not isolated from the LAN or each other: alpha (accepted by hosting:acceptNoIsolation)",
    );
  });

  it("refuses a plan over capacity with the demand/limit table", async () => {
    const vms = Array.from(
      { length: 8 },
      (_, i) => `  - vmid: ${171 + i}\n    package: enterprise\n    role: r${i}\n`,
    ).join("");
    const dir = customersDir({ "big.yaml": `name: big\ncontact: ops@big.example\nvms:\n${vms}` });
    const plan = await runPlan(dir);
    expect(plan.resources).toEqual([]);
    expect(plan.analysis.issues).toHaveLength(1);
    expect(plan.analysis.issues[0].message).toContain(
      "the plan is over the host's capacity: memory: 506 of 480 GiB (105.4%) exceeds the limit",
    );
    expect(plan.analysis.issues[0].message).toMatch(/memory\s+256\s+250\s+506\s+480\s+105.4%/);
  });

  it("refuses invalid stack config before reading customers into resources", async () => {
    const plan = await runPlan(examples("customers"), { "hosting:publicIp": "not-an-ip" });
    expect(plan.resources).toEqual([]);
    // the line is where the stack file sets the key (the test overrides its value)
    expect(plan.analysis.issues.map(formatIssue)).toEqual([
      expect.stringMatching(
        /^Pulumi\.beta\.yaml:\d+: hosting:publicIp: must be an IPv4 address such as 192\.168\.12\.1$/,
      ),
    ]);
  });
});

describe("warnings", () => {
  it("warns about an isolated VM without a pinned address and about placeholder config", async () => {
    const plan = await runPlan(
      customersDir({
        "alpha.yaml": isolatedFile("alpha", 151, 11).replace("    address: 10\n", ""),
      }),
    );
    expect(plan.analysis.issues).toEqual([]);
    expect(plan.analysis.warnings).toContainEqual(
      expect.stringMatching(
        /alpha\.yaml: vms\[0\] has no pinned address; pin it with "address:" so reordering VMs can never move it$/,
      ),
    );
    expect(plan.analysis.warnings).toContain(
      "placeholder values still in the stack config, replace them before deploying: hosting:publicIp, hosting:zones.lightspeedup.com, hosting:edgeSsh.hostKey",
    );
  });
});

describe("determinism", () => {
  it("declares identical resources, inputs and options on two evaluations", async () => {
    const first = await runPlan(examples("customers"));
    const second = await runPlan(examples("customers"));
    expect(second.resources).toEqual(first.resources);
    const plain = (o: typeof first.outputs) => ({
      ...o,
      edgeSites: o!.edgeSites.map((s) => ({ domain: s.domain, customer: s.customer })),
    });
    expect(plain(second.outputs)).toEqual(plain(first.outputs));
  });

  it("changes no other VM's inputs when a customer is added", async () => {
    const base = {
      "alpha.yaml": communityFile("alpha", 151),
      "bravo.yaml": isolatedFile("bravo", 152, 11),
    };
    const before = await runPlan(customersDir(base));
    const after = await runPlan(
      customersDir({ ...base, "aardvark.yaml": isolatedFile("aardvark", 153, 12) }),
    );
    for (const name of [
      "vm-151",
      "vm-152",
      "fw-rules-151",
      "fw-rules-152",
      "fw-ipfilter-152",
      "bridge-11",
    ]) {
      const type = before.resources.find((r) => r.name === name)!.type;
      expect(find(after.resources, type, name).inputs).toEqual(
        find(before.resources, type, name).inputs,
      );
    }
  });
});
