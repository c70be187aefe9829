import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { allocate, run as customerNew, SCHEMA_LINE } from "../../src/cli/customer-new.js";
import { bufferIo } from "../../src/cli/io.js";
import { betaConfig, communityFile, customersDir, isolatedFile } from "../helpers/fixtures.js";
import { exampleCustomer, type GitProject, gitProject } from "../helpers/git-project.js";
import { spawnCli } from "../helpers/spawn-cli.js";

let project: GitProject | undefined;
afterEach(() => project?.cleanup());

async function newCustomer(dir: string, ...args: string[]) {
  const io = bufferIo({ cwd: dir });
  const code = await customerNew(args, io);
  return { code, out: io.out(), err: io.err() };
}

describe("npm run customer:new", () => {
  it("writes a community customer with the next free VMID, the schema line first", async () => {
    project = gitProject({
      "alpine-bakery.yaml": exampleCustomer("alpine-bakery"),
      "harbor-shop.yaml": exampleCustomer("harbor-shop"),
    });
    const r = await newCustomer(
      project.dir,
      "acme",
      "--package",
      "business",
      "--contact",
      "ops@acme.example",
    );
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out).toContain("wrote customers/acme.yaml: VM 153 business");
    const text = project.read("acme.yaml");
    expect(text.split("\n")[0]).toBe(SCHEMA_LINE);
    expect(text).toBe(
      `${SCHEMA_LINE}\nname: acme\ncontact: ops@acme.example\nvms:\n  - vmid: 153\n    package: business\n    role: web\nsshKeys: []\n`,
    );
  });

  it("isolated: the next free bridge with a free edge slot and a pinned address; domains", async () => {
    project = gitProject({ "harbor-shop.yaml": exampleCustomer("harbor-shop") });
    project.write(
      ".retired.yaml",
      "vmids:\n  - { vmid: 152, customer: gone-co, retiredOn: 2025-01-02 }\nbridges:\n  - { bridge: vmbr11, customer: gone-co, retiredOn: 2025-01-02 }\n",
    );
    const r = await newCustomer(
      project.dir,
      "acme",
      "--package",
      "starter",
      "--network",
      "isolated",
      "--domain",
      "acme.example",
      "--domain",
      "shop.acme.example",
    );
    expect(r.code).toBe(0);
    const text = project.read("acme.yaml");
    expect(text).toContain("network: isolated\nbridge: vmbr12\n");
    expect(text).toContain("  - vmid: 153\n    package: starter\n    role: web\n    address: 10\n");
    expect(text).toContain("domains:\n  - name: acme.example\n  - name: shop.acme.example\n");
    expect(r.out).toContain("contact: not given, set to hosting:adminEmail");
  });

  it("allocation skips reserved, retired, used VMIDs and reserved edge slots", () => {
    const config = betaConfig({
      edge: { ...betaConfig().edge, reservedSlots: ["net1", "net2"] },
    });
    const loaded = {
      customers: [],
      retired: { vmids: [{ vmid: 151, customer: "x", retiredOn: "2025-01-01" }], bridges: [] },
    };
    expect(allocate(loaded, config, "isolated")).toEqual({
      vmid: 152,
      bridge: "vmbr12",
      address: 10,
    });
  });

  it("refuses to overwrite an existing file, nothing written", async () => {
    project = gitProject({ "alpine-bakery.yaml": exampleCustomer("alpine-bakery") });
    const before = project.read("alpine-bakery.yaml");
    const r = await newCustomer(project.dir, "alpine-bakery", "--package", "starter");
    expect(r.code).toBe(1);
    expect(r.err).toContain(
      "refused: customers/alpine-bakery.yaml already exists; nothing was written",
    );
    expect(project.read("alpine-bakery.yaml")).toBe(before);
  });

  it("refuses when the VMIDs run out, nothing written", async () => {
    const files: Record<string, string> = {};
    let n = 0;
    for (let vmid = 150; vmid <= 199; vmid++) {
      if ([150, 160, 170, 180, 190, 191].includes(vmid)) continue;
      files[`c${++n}x.yaml`] = communityFile(`c${n}x`, vmid).replace("starter", "starter");
    }
    const dir = customersDir(files);
    const io = bufferIo({ cwd: join(__dirname, "..", "..") });
    const code = await customerNew(["late", "--package", "starter", "--customers", dir], io);
    expect(code).toBe(1);
    expect(io.err()).toContain("no free VMID is left in the customer range 150-199");
    expect(existsSync(join(dir, "late.yaml"))).toBe(false);
  });

  it("refuses when capacity would be exceeded, with the table, nothing written", async () => {
    const files: Record<string, string> = {};
    // 7 enterprise VMs: 84 cores, 224 GiB RAM; + 250 reserved = 474 of 480 GiB RAM.
    for (let i = 0; i < 7; i++) {
      files[`big${i}x.yaml`] = communityFile(`big${i}x`, 151 + i).replace("starter", "enterprise");
    }
    const dir = customersDir(files);
    const io = bufferIo({ cwd: join(__dirname, "..", "..") });
    const code = await customerNew(["more", "--package", "business", "--customers", dir], io);
    expect(code).toBe(1);
    expect(io.err()).toContain("refused: the new file would not be valid; nothing was written");
    expect(io.err()).toContain("over the host's capacity");
    expect(readdirSync(dir).filter((f) => f === "more.yaml")).toEqual([]);
  });

  it("refuses an invalid domain through the schema, and bad usage", async () => {
    const dir = customersDir({ "a1.yaml": isolatedFile("a1", 151, 10) });
    const root = join(__dirname, "..", "..");
    const bad = bufferIo({ cwd: root });
    expect(
      await customerNew(
        ["acme", "--package", "starter", "--domain", "not a domain", "--customers", dir],
        bad,
      ),
    ).toBe(1);
    expect(bad.err()).toMatch(/customers?.*acme\.yaml.*domains\[0\]\.name/);
    expect(existsSync(join(dir, "acme.yaml"))).toBe(false);
    expect(
      await customerNew(["acme", "--package", "gold", "--customers", dir], bufferIo({ cwd: root })),
    ).toBe(2);
    expect(
      await customerNew(["--package", "starter", "--customers", dir], bufferIo({ cwd: root })),
    ).toBe(2);
    expect(
      await customerNew(
        ["../evil", "--package", "starter", "--customers", dir],
        bufferIo({ cwd: root }),
      ),
    ).toBe(1);
    writeFileSync(join(dir, "b2.yaml"), "name: b2\n");
    const broken = bufferIo({ cwd: root });
    expect(await customerNew(["acme", "--package", "starter", "--customers", dir], broken)).toBe(1);
    expect(broken.err()).toContain("fix these problems first");
    expect(readFileSync(join(dir, "a1.yaml"), "utf8")).toBe(isolatedFile("a1", 151, 10));
  });

  it("runs as a command (spawned smoke test): --help", () => {
    const r = spawnCli("customer:new", "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("usage: npm run customer:new -- NAME --package P");
  });
});
