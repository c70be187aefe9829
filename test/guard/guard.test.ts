import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { run } from "../../src/cli/guard.js";
import { bufferIo } from "../../src/cli/io.js";
import { guardPreview, parsePreviewText, vmUpdateProblems } from "../../src/guard/preview-guard.js";
import {
  PREVIEW_FIXTURES,
  previewFixture,
  previewFixtureText,
} from "../helpers/preview-fixtures.js";
import type { PreviewDoc, PreviewStep } from "../helpers/real-engine.js";
import { spawnCli } from "../helpers/spawn-cli.js";

// The documents are real `pulumi preview --json` outputs recorded by test/real-engine with the
// real CLI and providers; the variants below are hand edits for what an offline preview cannot
// produce (a replace, a NIC reorder, a shrink).

const verdictOf = (doc: PreviewDoc, allow: string[] = []) =>
  guardPreview(doc as unknown as Record<string, unknown>, allow);
const clone = (doc: PreviewDoc): PreviewDoc => structuredClone(doc);
const vmStep = (doc: PreviewDoc, name: string): PreviewStep => {
  const s = doc.steps.find((x) => x.urn.endsWith(`VmLegacy::${name}`));
  if (!s) throw new Error(`no step for ${name}`);
  return s;
};
const tmpFile = (name: string, text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), "lsu-guard-")), name);
  writeFileSync(file, text);
  return file;
};
const guardCli = async (...argv: string[]) => {
  const io = bufferIo();
  const code = await run(argv, io);
  return { code, out: io.out(), err: io.err() };
};

describe("the guard on real previews", () => {
  it.each(["no-change", "package-upgrade", "new-customer", "ssh-key-and-site-change"])(
    "lets %s through",
    (name) => {
      const v = verdictOf(previewFixture(name));
      expect(v.documentProblems).toEqual([]);
      expect(v.findings).toEqual([]);
      expect(v.ok).toBe(true);
      expect(v.stepsChecked).toBe(previewFixture(name).steps.length);
    },
  );

  it("refuses the disk-interface change on every VM, naming the attribute", () => {
    const v = verdictOf(previewFixture("disk-interface-change"));
    expect(v.ok).toBe(false);
    expect(v.findings.map((f) => f.name).sort()).toEqual(["vm-152", "vm-153", "vm-154", "vm-157"]);
    const f = v.findings.find((x) => x.name === "vm-152");
    expect(f).toMatchObject({ kind: "customer VM", op: "update" });
    expect(f?.reasons).toContain(
      'disk 0 (scsi0) interface "scsi0" → "virtio0": the disk is rewritten',
    );
  });

  it("refuses the datastore change", () => {
    const v = verdictOf(previewFixture("datastore-change"));
    expect(v.findings).toHaveLength(4);
    expect(v.findings[0].reasons.join("\n")).toMatch(
      /datastoreId "SSD_VMs" → "SSD_VMs2": the disk is rewritten/,
    );
  });

  it("refuses the removal of a protected customer: error diagnostics and deletes", () => {
    const v = verdictOf(previewFixture("remove-protected-customer"));
    expect(v.ok).toBe(false);
    expect(v.documentProblems.some((p) => /vm-153.*protected/s.test(p))).toBe(true);
    expect(v.findings.map((f) => [f.name, f.op, f.kind]).sort()).toEqual([
      ["dns-blue-fern-studio.lightspeedup.com", "delete", "DNS record"],
      ["vm-153", "delete", "customer VM"],
    ]);
  });

  it("--allow lets exactly the named resources through (offboarding), not the diagnostics", () => {
    const doc = previewFixture("remove-protected-customer");
    doc.diagnostics = (doc.diagnostics ?? []).filter((d) => d.severity !== "error");
    const urns = doc.steps.filter((s) => s.op === "delete").map((s) => s.urn);
    const vmUrn = urns.find((u) => u.endsWith("::vm-153")) ?? "";
    const dnsUrn = urns.find((u) => u.includes("dnsRecord")) ?? "";
    const onlyVm = verdictOf(doc, [vmUrn]);
    expect(onlyVm.ok).toBe(false);
    expect(onlyVm.findings.map((f) => f.name)).toEqual(["dns-blue-fern-studio.lightspeedup.com"]);
    expect(onlyVm.allowed.map((f) => f.name)).toEqual(["vm-153"]);
    const both = verdictOf(doc, [vmUrn, dnsUrn, "urn:pulumi:beta::x::y::typo"]);
    expect(both.ok).toBe(true);
    expect(both.unusedAllows).toEqual(["urn:pulumi:beta::x::y::typo"]);
  });
});

describe("hand-edited variants of real previews", () => {
  it.each(["replace", "create-replacement", "delete-replaced", "delete", "discard", "unknown-op"])(
    "refuses op %s on a VM, and on a bridge, a pool, a DNS record and an edge NIC",
    (op) => {
      const doc = clone(previewFixture("package-upgrade"));
      const vm = vmStep(doc, "vm-152");
      vm.op = op;
      const kinds: [string, string][] = [
        ["proxmoxve:network/linux/bridge:Bridge", "bridge-11"],
        ["proxmoxve:index/poolLegacy:PoolLegacy", "pool-x"],
        ["cloudflare:index/dnsRecord:DnsRecord", "dns-x.example"],
        ["pulumi-nodejs:dynamic/lightspeedup:EdgeNic", "edge-nic-11"],
        ["command:remote:Command", "site-x.example"],
      ];
      for (const [type, name] of kinds)
        doc.steps.push({ op, urn: `urn:pulumi:beta::lightspeedup-hosting::${type}::${name}` });
      const v = verdictOf(doc);
      expect(v.findings.map((f) => [f.name, f.kind]).sort()).toEqual([
        ["bridge-11", "isolated bridge"],
        ["dns-x.example", "DNS record"],
        ["edge-nic-11", "edge NIC"],
        ["pool-x", "pool"],
        ["vm-152", "customer VM"],
      ]);
    },
  );

  it("refuses a shrunk or removed disk", () => {
    const doc = clone(previewFixture("package-upgrade"));
    const vm = vmStep(doc, "vm-152");
    const disks = vm.newState?.inputs?.disks as { size: number }[];
    disks[0].size = 20;
    expect(verdictOf(doc).findings[0].reasons).toContain(
      "disk 0 (scsi0) shrinks from 30 to 20 GiB",
    );
    (vm.newState?.inputs as Record<string, unknown>).disks = [];
    expect(verdictOf(doc).findings[0].reasons).toContain("disk 0 (scsi0) removed");
  });

  it("refuses NIC reorder, MAC or bridge changes and removal; lets an appended NIC through", () => {
    const base = clone(previewFixture("package-upgrade"));
    const old = vmStep(base, "vm-152").oldState?.inputs as Record<string, unknown>;
    const nic0 = (old.networkDevices as Record<string, unknown>[])[0];
    const extra = { ...nic0, bridge: "vmbr40", macAddress: "BC:24:11:00:00:99" };
    const withNics = (nics: Record<string, unknown>[]) => {
      const doc = clone(base);
      (vmStep(doc, "vm-152").newState?.inputs as Record<string, unknown>).networkDevices = nics;
      return verdictOf(doc);
    };
    expect(withNics([nic0, extra]).ok).toBe(true);
    expect(withNics([extra, nic0]).findings[0].reasons).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^network device 0 bridge "vmbr0" → "vmbr40"/),
        expect.stringMatching(/^network device 0 macAddress/),
      ]),
    );
    expect(withNics([{ ...nic0, macAddress: "BC:24:11:00:00:01" }]).ok).toBe(false);
    expect(withNics([]).findings[0].reasons).toContain("network device 0 removed");
  });

  it.each(["initialization", "vmId", "nodeName", "clone"])("refuses a change of %s", (key) => {
    const doc = clone(previewFixture("package-upgrade"));
    const inputs = vmStep(doc, "vm-152").newState?.inputs as Record<string, unknown>;
    inputs[key] = key === "vmId" ? 999 : key === "nodeName" ? "other" : { changed: true };
    expect(verdictOf(doc).findings[0].reasons).toContain(`${key} changes`);
  });

  it("reads the provider's detailed diff when the states are absent", () => {
    expect(
      vmUpdateProblems(undefined, undefined, {
        "disks[1]": { kind: "delete" },
        "networkDevices[0].bridge": { kind: "update" },
        "initialization.userAccount.keys[0]": { kind: "update" },
        "cpu.cores": { kind: "update" },
      }),
    ).toEqual([
      "disk 1 removed (disks[1]: delete)",
      "network device 0 bridge changes (networkDevices[0].bridge: update)",
      "initialization changes (initialization.userAccount.keys[0]: update)",
    ]);
  });
});

describe("documents that cannot be trusted (fails closed)", () => {
  it.each([
    ["empty", "", /empty/],
    ["blank", "  \n", /empty/],
    ["not JSON", "error: could not load plugin", /not JSON/],
    ["truncated", previewFixtureText("no-change").slice(0, 300), /not JSON or is truncated/],
    ["a JSON array", "[]", /not a JSON object/],
  ])("refuses %s", (_label, text, message) => {
    const { doc, problems } = parsePreviewText(text);
    expect(doc).toBeUndefined();
    expect(problems.join("\n")).toMatch(message);
  });

  it("refuses a document with no steps, or steps without urn/op", () => {
    expect(verdictOf({ steps: [] } as PreviewDoc).documentProblems).toEqual([
      "the document has no steps (empty preview)",
    ]);
    expect(verdictOf({} as PreviewDoc).documentProblems).toEqual([
      "the document has no `steps` list",
    ]);
    const bad = { steps: [{ op: "same" }] } as unknown as PreviewDoc;
    expect(verdictOf(bad).documentProblems).toEqual(["step 0 has no urn or op"]);
  });

  it("refuses error diagnostics even when every step is harmless", () => {
    const doc = clone(previewFixture("no-change"));
    doc.diagnostics?.push({ severity: "error", message: "error: preview failed\n" });
    const v = verdictOf(doc);
    expect(v.ok).toBe(false);
    expect(v.documentProblems).toEqual(["error diagnostic: error: preview failed"]);
  });
});

describe("npm run guard", () => {
  it("exit 0 and a one-line verdict for a harmless preview", async () => {
    const r = await guardCli(join(PREVIEW_FIXTURES, "package-upgrade.json"));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^guard: ok, \d+ steps checked, nothing refused\n$/);
  });

  it("exit 1 listing each offending resource by name, why, and its URN", async () => {
    const r = await guardCli(join(PREVIEW_FIXTURES, "disk-interface-change.json"));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^guard: REFUSED, 4 problem\(s\)/);
    expect(r.err).toContain("  vm-152 (customer VM, update):\n    - disk 0 (scsi0) interface");
    expect(r.err).toContain("    urn: urn:pulumi:beta::lightspeedup-hosting::");
  });

  it("exit 1 for an empty or truncated file, 2 for a file that cannot be read", async () => {
    expect((await guardCli(tmpFile("empty.json", ""))).code).toBe(1);
    const truncated = await guardCli(
      tmpFile("t.json", previewFixtureText("no-change").slice(0, 99)),
    );
    expect(truncated.code).toBe(1);
    expect(truncated.err).toMatch(/not JSON or is truncated/);
    const missing = await guardCli("/nonexistent/preview.json");
    expect(missing.code).toBe(2);
    expect(missing.err).toMatch(/cannot read/);
  });

  it("--allow takes URNs; bad usage is exit 2", async () => {
    const doc = previewFixture("remove-protected-customer");
    doc.diagnostics = [];
    const file = tmpFile("p.json", JSON.stringify(doc));
    const deletes = doc.steps.filter((s) => s.op === "delete" && /VmLegacy|dnsRecord/.test(s.urn));
    const allow = deletes.flatMap((s) => ["--allow", s.urn]);
    const r = await guardCli(file, ...allow);
    expect(r.code).toBe(0);
    expect(r.out).toContain("allowed by --allow: vm-153 (customer VM, delete)");
    expect((await guardCli()).code).toBe(2);
    expect((await guardCli(file, "--bogus")).code).toBe(2);
  });

  it("runs as npm run guard does (spawned)", () => {
    const r = spawnCli("guard", "test/fixtures/previews/datastore-change.json");
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/guard: REFUSED, 4 problem\(s\)/);
  });
});
