import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import {
  type ImportDocument,
  importDocument,
  run as importFile,
} from "../../src/cli/import-file.js";
import { bufferIo } from "../../src/cli/io.js";
import { providerUrn, realUrn } from "../../src/plan/diff/urns.js";
import { PROJECT_DIR } from "../helpers/fixtures.js";
import { exampleCustomer, type GitProject, gitProject } from "../helpers/git-project.js";
import { examples, find, runPlan, T } from "../helpers/plan.js";

let project: GitProject | undefined;
afterEach(() => project?.cleanup());

/** The URN an import entry gets: its parents' types (within the document or the name table). */
function entryUrn(doc: ImportDocument, name: string, stack = "beta"): string {
  const byName = new Map(doc.resources.map((r) => [r.name, r]));
  const types: string[] = [];
  let entry = byName.get(name);
  const own = entry;
  while (entry) {
    types.unshift(entry.type);
    const parent = entry.parent;
    if (parent && doc.nameTable[parent]) {
      const [, , chain] = doc.nameTable[parent].split("::");
      types.unshift(chain);
      break;
    }
    entry = parent ? byName.get(parent) : undefined;
  }
  return `urn:pulumi:${stack}::lightspeedup-hosting::${types.join("$")}::${own?.logicalName ?? own?.name}`;
}

describe("npm run import-file", () => {
  it("matches exactly what the program declares for the adopted VM (mock run)", async () => {
    const evaluation = await runPlan(examples("edge-cases"));
    const doc = importDocument(evaluation, "legacy-site", { customerExists: false });
    if ("refused" in doc) throw new Error(doc.refused);
    const byUrn = new Map(evaluation.resources.map((r) => [r.urn, r]));
    const vm = find(evaluation.resources, T.vm, "vm-150");
    const component = find(evaluation.resources, T.customerVm, "vm-150");
    const customer = find(evaluation.resources, T.customer, "legacy-site");
    const urn = (r: typeof vm) => realUrn(r, byUrn, "beta", "lightspeedup-hosting");
    expect(doc.resources.map((r) => [r.type, r.logicalName, entryUrn(doc, r.name)])).toEqual([
      [T.customer, "legacy-site", urn(customer)],
      [T.customerVm, "vm-150", urn(component)],
      [T.vm, "vm-150", urn(vm)],
    ]);
    expect(urn(vm)).toBe(
      "urn:pulumi:beta::lightspeedup-hosting::lightspeedup:hosting:Customer$lightspeedup:hosting:CustomerVm$proxmoxve:index/vmLegacy:VmLegacy::vm-150",
    );
    const vmEntry = doc.resources[2];
    expect(vmEntry.id).toBe("LightSpeedUp/150");
    expect(vmEntry.id).toBe(vm.options.importId);
    expect(doc.nameTable[vmEntry.provider ?? ""]).toBe(providerUrn(vm.options.provider));
    expect(doc.nameTable[vmEntry.provider ?? ""]).toBe(
      "urn:pulumi:beta::lightspeedup-hosting::pulumi:providers:proxmoxve::proxmoxve",
    );
    expect(doc.resources.slice(0, 2).every((r) => r.component && r.id === undefined)).toBe(true);
    // the names in the document are unique (component and VM share the name vm-150)
    expect(new Set(doc.resources.map((r) => r.name)).size).toBe(3);

    const existing = importDocument(evaluation, "legacy-site", { customerExists: true });
    if ("refused" in existing) throw new Error(existing.refused);
    expect(existing.resources.map((r) => r.type)).toEqual([T.customerVm, T.vm]);
    expect(entryUrn(existing, existing.resources[1].name)).toBe(urn(vm));
  });

  it("writes the file through the command; refuses a customer without an adopted VM", async () => {
    project = gitProject({
      "legacy-site.yaml": readFileSync(
        join(PROJECT_DIR, "examples/edge-cases/legacy-site.yaml"),
        "utf8",
      ),
      "alpine-bakery.yaml": exampleCustomer("alpine-bakery"),
    });
    const io = bufferIo({ cwd: project.dir });
    expect(await importFile(["legacy-site"], io)).toBe(0);
    expect(io.out()).toContain(
      "wrote import-legacy-site.json: 3 resource(s), importing LightSpeedUp/150",
    );
    expect(io.out()).toContain(
      "pulumi import --file import-legacy-site.json --protect --generate-code=false -s beta",
    );
    const doc = JSON.parse(readFileSync(join(project.dir, "import-legacy-site.json"), "utf8"));
    expect(doc.resources).toHaveLength(3);
    const none = bufferIo({ cwd: project.dir });
    expect(await importFile(["alpine-bakery"], none)).toBe(1);
    expect(none.err()).toContain("alpine-bakery has no adopted VM");
    expect(await importFile([], bufferIo({ cwd: project.dir }))).toBe(2);
  });
});

describe("npm run import-file (spawned)", () => {
  it("runs as a command: --help", async () => {
    const { spawnCli } = await import("../helpers/spawn-cli.js");
    const r = spawnCli("import-file", "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("usage: npm run import-file -- NAME");
  });
});
