import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { guardPreview } from "../../src/guard/preview-guard.js";
import { deploymentFromPreview } from "../helpers/deployment.js";
import { PROJECT_DIR } from "../helpers/fixtures.js";
import { examples, runPlan } from "../helpers/plan.js";
import { sanitizePreview, savePreviewFixture } from "../helpers/preview-fixtures.js";
import {
  DEAD_ENDPOINTS,
  EngineWorkspace,
  FAKE_SECRETS,
  findToolchain,
  nameOf,
  type PreviewDoc,
  type PreviewStep,
  requireToolchain,
  SECRET_MARKERS,
} from "../helpers/real-engine.js";

// The real Pulumi CLI and provider plugins (../shared/toolchain or LSU_PULUMI_BIN_DIR). One file,
// so the heavy previews run one after another (vitest runs files in parallel).
const toolchain = findToolchain();
const binDir = requireToolchain(toolchain);
if (!binDir)
  console.warn(`test/real-engine skipped: ${toolchain.missing} (REAL_ENGINE_REQUIRED=1 fails)`);
const SKIP_REASON = `skipped: ${toolchain.missing}`;

const SECRET_OVERRIDES = { ...FAKE_SECRETS, "proxmoxve:endpoint": DEAD_ENDPOINTS.proxmox };
const VM = "proxmoxve:index/vmLegacy:VmLegacy";
const COMMAND = "command:remote:Command";
const UPDATE_FIXTURES = process.env.UPDATE_PREVIEW_FIXTURES === "1";

const errors = (doc: PreviewDoc) => (doc.diagnostics ?? []).filter((d) => d.severity === "error");
const changed = (doc: PreviewDoc) => doc.steps.filter((s) => s.op !== "same");
const typeOf = (s: PreviewStep) => s.newState?.type ?? s.oldState?.type ?? "";
const noSecrets = (text: string) => SECRET_MARKERS.filter((m) => text.includes(m));

describe.skipIf(!binDir)(`real pulumi preview of the beta mix ${binDir ? "" : SKIP_REASON}`, () => {
  let ws: EngineWorkspace;
  let doc: PreviewDoc;
  let raw: { stdout: string; stderr: string };

  beforeAll(() => {
    ws = new EngineWorkspace(binDir ?? "");
    ws.initBetaStack();
    ({ doc, raw } = ws.preview());
  }, 240_000);
  afterAll(() => ws?.dispose());

  it("the CLI is the version pinned in .pulumi-version", () => {
    const pinned = readFileSync(join(PROJECT_DIR, ".pulumi-version"), "utf8").trim();
    expect(ws.must(["version"]).stdout.trim()).toBe(`v${pinned}`);
  });

  it("loads the program from src/ with customers/ of the project root, no error", () => {
    expect(errors(doc)).toEqual([]);
    expect(doc.changeSummary).toEqual({ create: 230 }); // 7 of them monitoring (test/monitoring/)
  });

  it("plans exactly the mock plan's resources (type and name), plus the Stack", async () => {
    const mock = await runPlan(examples("customers"), SECRET_OVERRIDES);
    const fromMock = mock.resources.map((r) => `${r.type}::${r.name}`).sort();
    const fromEngine = doc.steps
      .filter((s) => typeOf(s) !== "pulumi:pulumi:Stack")
      .map((s) => `${typeOf(s)}::${nameOf(s.urn)}`)
      .sort();
    expect(fromMock.length).toBe(229);
    expect(fromEngine).toEqual(fromMock);
    expect(doc.steps.every((s) => s.op === "create")).toBe(true);
  });

  it("never shows a secret: not in the preview's output, the stack file or the state", () => {
    expect(doc.config?.["proxmoxve:apiToken"]).toBe("[secret]");
    expect(noSecrets(raw.stdout)).toEqual([]);
    expect(noSecrets(raw.stderr)).toEqual([]);
    expect(noSecrets(readFileSync(join(ws.project, "Pulumi.beta.yaml"), "utf8"))).toEqual([]);
    expect(noSecrets(readFileSync(ws.stateFile, "utf8"))).toEqual([]);
  });
});

/**
 * Real provider diffs: a smaller mix (4 customers: community starter with an external domain,
 * isolated business, community starter, enterprise) deployed as if by `pulumi up` — the first
 * preview's planned states turned into a deployment and imported — then one preview per change.
 */
describe.skipIf(!binDir)(`real provider diffs ${binDir ? "" : SKIP_REASON}`, () => {
  const MIX = ["alpine-bakery", "cedar-legal", "blue-fern-studio", "fjord-analytics"];
  let ws: EngineWorkspace;
  let mixDir: string;
  const docs: Record<string, PreviewDoc> = {};

  /** Runs one preview with a change applied, then undoes the change. */
  function previewWith(name: string, apply: () => void, undo: () => void): PreviewDoc {
    apply();
    try {
      const { doc } = ws.preview();
      docs[name] = doc;
      if (UPDATE_FIXTURES) savePreviewFixture(name, sanitizePreview(doc, ws.root));
      return doc;
    } finally {
      undo();
    }
  }
  const editCustomer = (name: string, edit: (text: string) => string) => {
    const before = ws.readCustomer(name);
    return {
      apply: () => ws.writeCustomer(name, edit(before)),
      undo: () => ws.writeCustomer(name, before),
    };
  };
  const setConfig = (path: string, value: string, original: string) => ({
    apply: () => ws.must(["config", "set", "--path", path, value]),
    undo: () => ws.must(["config", "set", "--path", path, original]),
  });

  beforeAll(async () => {
    mixDir = mkdtempSync(join(tmpdir(), "lsu-mix-"));
    for (const c of MIX)
      cpSync(join(examples("customers"), `${c}.yaml`), join(mixDir, `${c}.yaml`));
    ws = new EngineWorkspace(binDir ?? "", mixDir);
    ws.initBetaStack();
    const first = ws.preview();
    expect(errors(first.doc)).toEqual([]);
    const mock = await runPlan(mixDir, SECRET_OVERRIDES);
    const exported = JSON.parse(ws.must(["stack", "export"]).stdout);
    const deployment = deploymentFromPreview(first.doc, mock.resources, exported);
    const file = join(ws.root, "deployment.json");
    writeFileSync(file, JSON.stringify(deployment));
    ws.must(["stack", "import", "--force", "--file", file]);
    rmSync(file);
  }, 240_000);
  afterAll(() => {
    ws?.dispose();
    if (mixDir) rmSync(mixDir, { recursive: true, force: true });
  });

  it("no change: every resource is same, no update, no command re-run", () => {
    const doc = previewWith(
      "no-change",
      () => {},
      () => {},
    );
    expect(errors(doc)).toEqual([]);
    expect(Object.keys(doc.changeSummary ?? {})).toEqual(["same"]);
    expect(doc.changeSummary?.same).toBeGreaterThan(50);
    expect(changed(doc)).toEqual([]);
    expect(guardPreview(doc as never).ok).toBe(true);
  });

  it("the imported state holds no secret in plain text", () => {
    const state = readFileSync(ws.stateFile, "utf8");
    expect(state).toContain("ciphertext");
    expect(noSecrets(state)).toEqual([]);
  });

  it("a package upgrade updates the VM in place: cores, memory, disk size; no replace", () => {
    const c = editCustomer("alpine-bakery", (t) =>
      t.replace("package: starter", "package: business"),
    );
    const doc = previewWith("package-upgrade", c.apply, c.undo);
    expect(errors(doc)).toEqual([]);
    const steps = changed(doc);
    // the VM, the two backup jobs its VMID moves between, and the monitoring units that carry
    // its package (relabelling and inventory rules, health.json's inventory) in place
    expect(steps.map((s) => [s.op, typeOf(s), nameOf(s.urn)]).sort()).toEqual([
      ["update", COMMAND, "monitoring-health"],
      ["update", COMMAND, "monitoring-prometheus"],
      ["update", "proxmoxve:backup/job:Job", "backup-business"],
      ["update", "proxmoxve:backup/job:Job", "backup-starter"],
      ["update", VM, "vm-152"],
    ]);
    const vm = steps.find((s) => typeOf(s) === VM);
    expect(Object.keys(vm?.detailedDiff ?? {})).toEqual(
      expect.arrayContaining(["cpu.cores", "memory.dedicated", "disks[0].size"]),
    );
    expect(vm?.newState?.inputs?.cpu).toMatchObject({ cores: 6 });
    expect(vm?.newState?.inputs?.memory).toMatchObject({ dedicated: 16384 });
    expect(vm?.newState?.inputs?.disks).toMatchObject([{ interface: "scsi0", size: 120 }]);
    expect(guardPreview(doc as never).ok).toBe(true);
  });

  it("a new customer only creates", () => {
    const target = join(ws.customersDir, "juniper-tours.yaml");
    const doc = previewWith(
      "new-customer",
      () => cpSync(join(examples("customers"), "juniper-tours.yaml"), target),
      () => rmSync(target),
    );
    expect(errors(doc)).toEqual([]);
    const steps = changed(doc);
    expect(steps.length).toBeGreaterThan(5);
    // creates only; the updates are the starter backup job gaining VMID 162 and the monitoring
    // units that start watching it (in place: content on stdin)
    expect(
      steps
        .filter((s) => s.op !== "create")
        .map((s) => [s.op, nameOf(s.urn)])
        .sort(),
    ).toEqual([
      ["update", "backup-starter"],
      ["update", "monitoring-grafana"],
      ["update", "monitoring-health"],
      ["update", "monitoring-prometheus"],
    ]);
    expect(steps.filter((s) => s.op === "create").map((s) => nameOf(s.urn))).toContain("vm-162");
    expect(steps.some((s) => typeOf(s) === VM && s.op !== "create")).toBe(false);
    expect(guardPreview(doc as never).ok).toBe(true);
  });

  it("an SSH-key change changes no VM; a domain's content change updates exactly its site commands", () => {
    // one preview for both (each preview costs seconds): the key change must add nothing
    const c = editCustomer("alpine-bakery", (t) =>
      t
        .replace(
          /ssh-ed25519 \S+ ops@alpine-bakery/,
          "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIG4EyiMLbplRoiSiyAR6vWns+APMgIwC3tEmx1ECsokw new@alpine-bakery",
        )
        .replace(
          "  - name: alpine-bakery.example",
          "  - name: alpine-bakery.example\n    proxied: false\n    tls: none",
        ),
    );
    const doc = previewWith("ssh-key-and-site-change", c.apply, c.undo);
    expect(errors(doc)).toEqual([]);
    const steps = changed(doc);
    // initialization (the keys) is in ignoreChanges: the VM is same
    // an external domain's apex and www are two sites (each its own certificate): both change
    expect(steps.map((s) => [s.op, typeOf(s), nameOf(s.urn)]).sort()).toEqual([
      ["update", COMMAND, "site-alpine-bakery.example"],
      ["update", COMMAND, "site-www.alpine-bakery.example"],
    ]);
    // the script and its payload change; triggers and the connection do not (no replace)
    for (const step of steps) {
      const keys = Object.keys(step.detailedDiff ?? {}).sort();
      expect(keys).toEqual(expect.arrayContaining(["create", "update"]));
      expect(keys.filter((k) => !["create", "stdin", "update"].includes(k))).toEqual([]);
    }
    expect(guardPreview(doc as never).ok).toBe(true);
  });

  it("removing a protected customer is an error, and the guard refuses it", () => {
    const file = join(ws.customersDir, "blue-fern-studio.yaml");
    const text = readFileSync(file, "utf8");
    const doc = previewWith(
      "remove-protected-customer",
      () => rmSync(file),
      () => writeFileSync(file, text),
    );
    const messages = errors(doc).map((d) => d.message);
    expect(messages.some((m) => /protect/i.test(m))).toBe(true);
    expect(guardPreview(doc as never).ok).toBe(false);
  });

  it("a secret stored in plain text is refused before anything is declared", () => {
    const key = "hosting:monitoringPveToken";
    const doc = previewWith(
      "plaintext-secret",
      () =>
        ws.must([
          "config",
          "set",
          key,
          "prometheus@pve!exporter=1b2c3d4e-0000-4a5b-8c9d-0123456789ab",
        ]),
      () => ws.must(["config", "rm", key]),
    );
    expect(
      errors(doc)
        .map((d) => d.message)
        .join("\n"),
    ).toContain(
      `${key}: is a secret but is stored in plain text; set it with: pulumi config set --secret ${key}`,
    );
    expect(changed(doc)).toEqual([]);
  });

  it("a change of the template's disk interface is an update that rewrites the disk", () => {
    const c = setConfig("hosting:templates.debian-12.diskInterface", "virtio0", "scsi0");
    const doc = previewWith("disk-interface-change", c.apply, c.undo);
    expect(errors(doc)).toEqual([]);
    const vms = changed(doc).filter((s) => typeOf(s) === VM);
    expect(vms.length).toBe(MIX.length);
    expect(vms.every((s) => s.op === "update")).toBe(true);
    for (const s of vms) expect(Object.keys(s.detailedDiff ?? {})).toContain("disks[0].interface");
    const verdict = guardPreview(doc as never);
    expect(verdict.ok).toBe(false);
    expect(verdict.findings.map((f) => f.name).sort()).toEqual(
      vms.map((s) => nameOf(s.urn)).sort(),
    );
  });

  it("a change of the datastore is an update that moves every disk", () => {
    const c = setConfig("hosting:datastore", "SSD_VMs2", "SSD_VMs");
    const doc = previewWith("datastore-change", c.apply, c.undo);
    expect(errors(doc)).toEqual([]);
    const vms = changed(doc).filter((s) => typeOf(s) === VM);
    expect(vms.length).toBe(MIX.length);
    expect(vms.every((s) => s.op === "update")).toBe(true);
    for (const s of vms)
      expect(Object.keys(s.detailedDiff ?? {})).toContain("disks[0].datastoreId");
    expect(guardPreview(doc as never).ok).toBe(false);
  });

  it("no preview document ever shows a secret", () => {
    expect(Object.keys(docs).length).toBe(8);
    for (const doc of Object.values(docs)) expect(noSecrets(JSON.stringify(doc))).toEqual([]);
  });
});

it("says why the real-engine tests ran or were skipped", () => {
  // Fails under REAL_ENGINE_REQUIRED=1 before this line when the toolchain is absent.
  expect(binDir !== undefined || toolchain.missing !== undefined).toBe(true);
});
