import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  DRIFT_MARKER,
  run as driftReport,
  parseEdgeVerify,
  parseRefresh,
} from "../../src/cli/drift-report.js";
import { bufferIo } from "../../src/cli/io.js";
import { customersDir } from "../helpers/fixtures.js";
import { spawnCli } from "../helpers/spawn-cli.js";

const P = "urn:pulumi:beta::lightspeedup-hosting::";
const VM = `${P}lightspeedup:hosting:Customer$lightspeedup:hosting:CustomerVm$proxmoxve:index/vmLegacy:VmLegacy::vm-151`;
const DNS = `${P}lightspeedup:hosting:Customer$lightspeedup:hosting:CustomerWeb$cloudflare:index/dnsRecord:DnsRecord::dns-harbor-shop.lightspeedup.com`;
const POOL = `${P}lightspeedup:hosting:Customer$proxmoxve:index/poolLegacy:PoolLegacy::pool-harbor-shop`;

const vmState = (cores: number, ip: string) => ({
  urn: VM,
  type: "proxmoxve:index/vmLegacy:VmLegacy",
  inputs: { cpu: { cores }, name: "harbor-shop-web" },
  outputs: { cpu: { cores }, name: "harbor-shop-web", ipv4Addresses: [[ip]] },
});

/** A refresh document: a VM's cores changed by hand, an agent address (output only), a DNS record gone. */
const REFRESH = {
  steps: [
    { op: "same", urn: `${P}pulumi:pulumi:Stack::lightspeedup-hosting-beta` },
    {
      op: "refresh",
      urn: VM,
      oldState: vmState(6, "10.0.0.10"),
      newState: vmState(8, "10.0.0.11"),
    },
    {
      op: "refresh",
      urn: POOL,
      oldState: {
        inputs: { poolId: "cust-harbor-shop" },
        outputs: { poolId: "cust-harbor-shop", members: [] },
      },
      newState: {
        inputs: { poolId: "cust-harbor-shop" },
        outputs: { poolId: "cust-harbor-shop", members: [{ id: "qemu/151" }] },
      },
    },
    { op: "delete", urn: DNS, oldState: { inputs: { name: "harbor-shop" }, outputs: {} } },
  ],
  diagnostics: [{ severity: "warning", message: "plugin version" }],
  changeSummary: { update: 2, delete: 1 },
};

describe("drift report", () => {
  it("lists hand changes per resource and property, output-only changes apart", () => {
    const drifted = parseRefresh(JSON.stringify(REFRESH));
    expect(drifted).toEqual([
      {
        urn: VM,
        type: "proxmoxve:index/vmLegacy:VmLegacy",
        name: "vm-151",
        gone: false,
        inputs: ["cpu.cores"],
        outputsOnly: ["ipv4Addresses[0][0]"],
      },
      {
        urn: POOL,
        type: "proxmoxve:index/poolLegacy:PoolLegacy",
        name: "pool-harbor-shop",
        gone: false,
        inputs: [],
        outputsOnly: ["members[0]"],
      },
      {
        urn: DNS,
        type: "cloudflare:index/dnsRecord:DnsRecord",
        name: "dns-harbor-shop.lightspeedup.com",
        gone: true,
        inputs: [],
        outputsOnly: [],
      },
    ]);
  });

  it("fails closed on a document that is not a refresh result", () => {
    expect(() => parseRefresh("")).toThrow(/not a JSON document/);
    expect(() => parseRefresh("{}")).toThrow(/no steps/);
    expect(() =>
      parseRefresh(
        JSON.stringify({
          steps: [],
          diagnostics: [{ severity: "error", message: "401 Unauthorized" }],
        }),
      ),
    ).toThrow(/401 Unauthorized/);
  });

  it("reads edge:verify's text or JSON; an unfinished run is a difference", () => {
    expect(
      parseEdgeVerify(
        "DIFF chain LSU-FWD: policy\nNOTE certificate a: none yet\nLSU-VERIFY 1 difference(s)\n",
      ),
    ).toEqual({
      ok: false,
      differences: ["chain LSU-FWD: policy"],
      notes: ["certificate a: none yet"],
    });
    expect(parseEdgeVerify("LSU-VERIFY ok\n").ok).toBe(true);
    expect(parseEdgeVerify('{"ok":true,"differences":[],"notes":[],"errors":[]}').ok).toBe(true);
    expect(
      parseEdgeVerify('{"ok":false,"differences":[],"notes":[],"errors":["bad plan"]}'),
    ).toEqual({
      ok: false,
      differences: ["error: bad plan"],
      notes: [],
    });
    expect(parseEdgeVerify('{"ok":false,"differences":[],"notes":[]}').differences).toEqual([
      "edge:verify did not complete (no connection to the edge?)",
    ]);
    expect(parseEdgeVerify("ssh: connect refused").ok).toBe(false);
  });

  it("prints one issue body; exit 1 on drift, 0 when only outputs moved, 2 on bad input", async () => {
    const dir = customersDir({});
    const refresh = join(dir, "refresh.json");
    const edge = join(dir, "edge.txt");
    writeFileSync(refresh, JSON.stringify(REFRESH));
    writeFileSync(
      edge,
      "DIFF file /etc/lightspeedup/iptables.d/harbor-shop.rules differs\nLSU-VERIFY 1 difference(s)\n",
    );
    const io = bufferIo({ cwd: dir });
    expect(await driftReport(["--refresh", "refresh.json", "--edge", "edge.txt"], io)).toBe(1);
    const body = io.out();
    expect(body.startsWith(DRIFT_MARKER)).toBe(true);
    expect(body).toContain("2 resource(s) changed");
    expect(body).toContain("| `vm-151` | `proxmoxve:index/vmLegacy:VmLegacy` | `cpu.cores` |");
    expect(body).toContain("**deleted outside Pulumi**");
    expect(body).toContain("- `pool-harbor-shop`: `members[0]`");
    expect(body).toContain("1 difference(s)");
    expect(body).toContain("- file /etc/lightspeedup/iptables.d/harbor-shop.rules differs");

    writeFileSync(refresh, JSON.stringify({ ...REFRESH, steps: [REFRESH.steps[2]] }));
    writeFileSync(edge, "LSU-VERIFY ok\n");
    expect(await driftReport(["--refresh", refresh, "--edge", edge], bufferIo({ cwd: dir }))).toBe(
      0,
    );
    writeFileSync(refresh, "Error: stack not found");
    const bad = bufferIo({ cwd: dir });
    expect(await driftReport(["--refresh", refresh], bad)).toBe(2);
    expect(bad.err()).toContain("cannot report drift");
    expect(await driftReport([], bufferIo({ cwd: dir }))).toBe(2);
  });

  it("runs as a command (spawned smoke test)", () => {
    const r = spawnCli("drift-report", "--help");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("usage: npm run drift-report");
  });
});
