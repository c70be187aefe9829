import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bufferIo } from "../../src/cli/io.js";
import { run as report } from "../../src/cli/report.js";
import { monitoredVms } from "../../src/monitoring/inventory.js";
import { reportBundle } from "../../src/monitoring/report/bundle.js";
import { PROJECT_DIR } from "../helpers/fixtures.js";
import { planFor, run, tempDir, waitFor } from "./helpers.js";
import { NamespaceLab } from "./prometheus-lab.js";

/**
 * `npm run report` against a real Prometheus whose TSDB was backfilled with
 * `promtool tsdb create-blocks-from openmetrics`: a day of the edge-case plan's VMs, every 5 minutes.
 */
const STEP = 300;
const END = Math.floor(Date.now() / 1000 / STEP) * STEP - 3600;
const START = END - 86400;
let lab: NamespaceLab;
let dir: string;

function openMetrics(): string {
  const vms = monitoredVms(planFor("edge-cases"));
  const lines: string[] = [];
  const fmt = (l: Record<string, string | number>) =>
    `{${Object.entries(l)
      .map(([k, v]) => `${k}="${v}"`)
      .join(",")}}`;
  const family = (
    name: string,
    type: string,
    rows: [Record<string, string | number>, (t: number, i: number) => number][],
    suffix = "",
  ) => {
    lines.push(`# TYPE ${name} ${type}`);
    for (const [labels, value] of rows)
      for (let t = START, i = 0; t <= END; t += STEP, i++)
        lines.push(`${name}${suffix}${fmt(labels)} ${value(t, i)} ${t}`);
  };
  const pve = (id: string) => ({ id, instance: "192.168.12.70", job: "pve" });
  family(
    "lsu_vm_info",
    "gauge",
    vms.map((v) => [
      {
        id: v.id,
        vmid: v.vmid,
        vm: v.name,
        customer: v.customer,
        package: v.package,
        tier: v.tier,
        bridge: v.bridge,
        role: v.role,
        status: v.status,
      },
      () => 1,
    ]),
  );
  family(
    "lsu_vm_bandwidth_allowance_bps",
    "gauge",
    vms.map((v) => [{ id: v.id }, () => v.allowanceBps]),
  );
  family(
    "pve_up",
    "gauge",
    vms.map((v) => [
      pve(v.id),
      (_t, i) => (v.status === "active" && !(v.vmid === 154 && i < 72) ? 1 : 0),
    ]),
  );
  family(
    "pve_cpu_usage_ratio",
    "gauge",
    vms.map((v) => [pve(v.id), (_t, i) => (v.vmid === 151 ? (i % 2 ? 0.3 : 0.1) : 0.05)]),
  );
  family(
    "pve_memory_usage_bytes",
    "gauge",
    vms.map((v) => [pve(v.id), () => v.memoryBytes / 2]),
  );
  family(
    "pve_memory_size_bytes",
    "gauge",
    vms.map((v) => [pve(v.id), () => v.memoryBytes]),
  );
  family(
    "pve_uptime_seconds",
    "gauge",
    vms.map((v) => [pve(v.id), (t) => t - START]),
  );
  family(
    "pve_network_transmit_bytes",
    "counter",
    vms.map((v) => [pve(v.id), (_t, i) => i * (v.vmid === 152 ? 2.7e9 : 1e6)]),
    "_total",
  );
  family(
    "pve_network_receive_bytes",
    "counter",
    vms.map((v) => [pve(v.id), (_t, i) => i * 5e5]),
    "_total",
  );
  family("lsu_backup_last_timestamp_seconds", "gauge", [
    [pve("qemu/151"), (t) => t - 3600],
    [pve("qemu/152"), () => START - 7 * 86400],
  ]);
  family("pve_not_backed_up_info", "gauge", [[pve("qemu/154"), () => 1]]);
  family("ALERTS", "gauge", [
    [
      {
        alertname: "LsuVmBandwidthOverAllowance",
        alertstate: "firing",
        severity: "warning",
        customer: "shop-pair",
        vm: "shop-pair-db",
        id: "qemu/152",
      },
      () => 1,
    ],
  ]);
  family("lsu_edge_certificate_not_after_seconds", "gauge", [
    [{ certificate: "shop-pair.example", host: "edge" }, () => END + 10 * 86400],
    [{ certificate: "far.example", host: "edge" }, () => END + 80 * 86400],
  ]);
  family(
    "lsu_edge_dropped_packets",
    "counter",
    [[{ customer: "shop-pair", bridge: "vmbr20", host: "edge" }, (_t, i) => i * 10]],
    "_total",
  );
  family(
    "lsu_edge_network_bytes",
    "counter",
    [
      [
        { customer: "shop-pair", bridge: "vmbr20", direction: "rx", host: "edge" },
        (_t, i) => i * 1e6,
      ],
    ],
    "_total",
  );
  lines.push("# EOF");
  return `${lines.join("\n")}\n`;
}

beforeAll(async () => {
  dir = tempDir("report");
  writeFileSync(join(dir, "data.om"), openMetrics());
  const blocks = run([
    "promtool",
    "tsdb",
    "create-blocks-from",
    "openmetrics",
    join(dir, "data.om"),
    join(dir, "tsdb"),
  ]);
  if (blocks.code !== 0) throw new Error(blocks.stderr);
  writeFileSync(join(dir, "prometheus.yml"), "global: {}\n");
  lab = new NamespaceLab();
  lab.startPrometheus(join(dir, "prometheus.yml"), join(dir, "tsdb"));
  await waitFor(() => (lab.query(`lsu_vm_info @ ${END}`)?.length === 6 ? true : undefined), 30_000);
}, 90_000);

afterAll(() => lab?.close());

describe("npm run report", () => {
  it("renders Markdown and HTML from the backfilled Prometheus", () => {
    const out = join(dir, "daily");
    const r = run(
      [
        "ip",
        "netns",
        "exec",
        lab.ns,
        join(PROJECT_DIR, "node_modules/.bin/tsx"),
        join(PROJECT_DIR, "src/cli/index.ts"),
        "report",
        "--prometheus",
        "http://127.0.0.1:9090",
        "--since",
        "24h",
        "--time",
        String(END),
        "--out",
        out,
      ],
      { cwd: PROJECT_DIR },
    );
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("24h up to");
    const md = readFileSync(`${out}.md`, "utf8");
    const html = readFileSync(`${out}.html`, "utf8");
    expect(md).toContain("6 VMs of 5 customers, 1 alert(s) fired");
    // customers per tier
    expect(md).toMatch(/\| community \| `█+░*` 4 \|/);
    expect(md).toMatch(/\| isolated \| `██░+` 1 \|/);
    // a starter VM at 72 Mbit/s for a day: 777.6 GB out, 360 % of its 20 Mbit/s allowance
    expect(md).toMatch(
      /\| shop-pair-db \(152\) \| starter \| .* \| 777\.6 GB \| 144\.0 MB \| `██████████` 360\.0 % of 216\.0 GB \|/,
    );
    // available: odd-name's VM was down for the first 6 hours
    expect(md).toMatch(/\| odd-name-vm \(154\) \|.*\| 75\.1 % \|/);
    expect(md).toContain("| LsuVmBandwidthOverAllowance | warning | shop-pair | shop-pair-db |");
    expect(md).toMatch(/\| odd-name-vm \(154\) \| odd-name \| – \| in no backup job \|/);
    expect(md).toMatch(/\| shop-pair-db \(152\) \| shop-pair \| 8d 0h ago \| too old \|/);
    expect(md).toMatch(/\| shop-pair-web \(151\) \| shop-pair \| 1h 0m ago \| ok \|/);
    expect(md).toContain("| shop-pair.example | `███████░░░` 10.0 |"); // 20 of 30 days used
    expect(md).not.toContain("far.example");
    expect(md).toContain("| shop-pair | vmbr20 | 2880 |");
    expect(md).toContain("| vmbr20 | 2 | `██████████` 777.9 GB | 288.0 MB |");
    expect(md).toContain("## Customer paused-co");
    expect(html).toContain("<h2>Customer shop-pair</h2>");
    expect(html).toMatch(
      /<td><span class="bar"><span style="width:100%"><\/span><\/span>360\.0 % of 216\.0 GB<\/td>/,
    );
    expect(html).not.toMatch(/<script/);
  }, 60_000);

  it("the bundle the monitoring host's timer runs writes the same report with Debian's node", () => {
    const bundle = join(dir, "lsu-report.js");
    writeFileSync(bundle, reportBundle());
    const args = ["--prometheus", "http://127.0.0.1:9090", "--time", String(END)];
    const viaBundle = lab.exec(["node", bundle, ...args, "--out", join(dir, "bundled.md")]);
    expect(viaBundle.code, viaBundle.stderr).toBe(0);
    expect(readFileSync(join(dir, "bundled.md"), "utf8")).toBe(
      readFileSync(join(dir, "daily.md"), "utf8"),
    );
  });

  it("refuses bad usage and an unreachable Prometheus with exit 2", async () => {
    const io = bufferIo();
    expect(await report(["--since", "24h"], io)).toBe(2);
    expect(io.err()).toContain("--prometheus must be an http(s) URL");
    const io2 = bufferIo();
    expect(await report(["--prometheus", "http://127.0.0.1:9", "--since", "1 day"], io2)).toBe(2);
    expect(io2.err()).toContain("--since must be a duration");
    const io3 = bufferIo();
    expect(await report(["--prometheus", "http://127.0.0.1:9"], io3)).toBe(2);
    expect(io3.err()).toContain("cannot reach Prometheus at http://127.0.0.1:9");
  });
});
