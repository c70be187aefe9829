import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { healthSchema } from "../../src/monitoring/health.js";
import { renderMonitoringFiles } from "../../src/monitoring/render.js";
import { alertSpecs } from "../../src/monitoring/rules.js";
import { monitoringSettings } from "../../src/monitoring/settings.js";
import { planFor, tempDir, writeTree } from "./helpers.js";
import { NamespaceLab } from "./prometheus-lab.js";

/**
 * A real Prometheus with the rendered configuration, in a network namespace, scraping a fake PVE
 * exporter (recorded exposition text) and a real node exporter reading the edge's textfile: the
 * relabelled series carry the plan's labels, and health.json's live values come from it.
 */
const CONF = "monitoring/monitoring/etc/lightspeedup/monitoring";
let lab: NamespaceLab;
let dir: string;

beforeAll(async () => {
  lab = new NamespaceLab();
  dir = tempDir("lab");
  const files = renderMonitoringFiles(planFor("edge-cases"));
  // the test cannot wait 30-60 s for a scrape: only the intervals are shortened
  const fast = (t: string) =>
    t.replace(/(scrape_interval|evaluation_interval|scrape_timeout|interval): \w+/g, "$1: 1s");
  writeTree(
    dir,
    Object.fromEntries(
      Object.entries(files)
        .filter(([p]) => p.startsWith(CONF))
        .map(([p, t]) => [p.slice(CONF.length + 1), p.endsWith(".yml") ? fast(t) : t]),
    ),
  );
  writeTree(dir, {
    "textfile/lsu-edge.prom": [
      "# HELP lsu_edge_network_bytes_total Bytes through the edge's interface on each network.",
      "# TYPE lsu_edge_network_bytes_total counter",
      'lsu_edge_network_bytes_total{bridge="vmbr20",customer="shop-pair",direction="rx"} 123456',
      "",
    ].join("\n"),
  });
  lab.startFakePveExporter();
  lab.startNodeExporter(join(dir, "textfile"));
  lab.startPrometheus(join(dir, "prometheus.yml"), join(dir, "data"));
  await lab.until("lsu_vm_info", 6);
  await lab.until('pve_cpu_usage_ratio{id=~"qemu/.+"}', 6);
  await lab.until("lsu_edge_network_bytes_total");
}, 60_000);

afterAll(() => lab?.close());

describe("a real Prometheus scraping the fake PVE exporter and a real node exporter", () => {
  it("relabels qemu/<VMID> into the plan's customer, package, tier, bridge and role", () => {
    const r = lab.query('pve_cpu_usage_ratio{id="qemu/151"}');
    expect(r).toHaveLength(1);
    expect(r?.[0].metric).toEqual({
      __name__: "pve_cpu_usage_ratio",
      id: "qemu/151",
      instance: "192.168.12.70",
      job: "pve",
      customer: "shop-pair",
      package: "business",
      tier: "isolated",
      bridge: "vmbr20",
      role: "web",
    });
    expect(r?.[0].value[1]).toBe("0.0423");
    const suspended = lab.query('pve_up{customer="paused-co"}');
    expect(suspended?.map((s) => [s.metric.id, s.metric.package, s.value[1]])).toEqual([
      ["qemu/153", "starter", "0"],
    ]);
    // series that are no customer's keep only the exporter's labels
    expect(lab.query('pve_up{id="node/LightSpeedUp"}')?.[0].metric.customer).toBeUndefined();
    expect(lab.query('count(pve_up{customer!=""})')?.[0].value[1]).toBe("6");
  });

  it("drops the exporter's deprecated gauges and keeps the counters", () => {
    expect(lab.query("pve_network_transmit_bytes")).toEqual([]);
    expect(lab.query("pve_network_transmit_bytes_total")).toHaveLength(6);
  });

  it("scrapes the edge's textfile through the node exporter, labelled with its host", () => {
    const r = lab.query("lsu_edge_network_bytes_total");
    expect(r?.[0].metric).toMatchObject({ host: "edge", job: "node", customer: "shop-pair" });
    expect(r?.[0].value[1]).toBe("123456");
    expect(lab.query('up{job="pve"}')?.[0].value[1]).toBe("1");
  });

  it("the suspended and offboarding VMs that are stopped raise no LsuVmDown", async () => {
    const settings = monitoringSettings(planFor("edge-cases").config);
    const vmDown = alertSpecs(settings).find((a) => a.alert === "LsuVmDown")?.expr ?? "";
    // the same join without the status filter finds the two stopped VMs …
    const stopped = lab.query(vmDown.replace('{status="active"}', ""));
    expect(stopped?.map((s) => [s.metric.id, s.metric.status]).sort()).toEqual([
      ["qemu/153", "suspended"],
      ["qemu/155", "offboarding"],
    ]);
    // … and the alert's expression, neither of them: nothing pending or firing
    expect(lab.query(vmDown)).toEqual([]);
    await new Promise((r) => setTimeout(r, 2000));
    expect(lab.query('ALERTS{alertname="LsuVmDown"}')).toEqual([]);
    const rules = lab.getJson("http://127.0.0.1:9090/api/v1/rules") as {
      data: { groups: { name: string; rules: { health: string }[] }[] };
    };
    const groups = rules.data.groups
      .map((g) => [g.name, g.rules.every((x) => x.health === "ok")])
      .sort();
    expect(groups).toEqual([
      ["lsu-alerts", true],
      ["lsu-inventory", true],
    ]);
  });

  it("health.json's live values come from Prometheus; unreachable gives nulls", () => {
    const script = join(__dirname, "../../src/monitoring/scripts/health.py");
    const out = join(dir, "health.json");
    const ok = lab.exec([
      "python3",
      script,
      join(dir, "health-inventory.json"),
      out,
      "http://127.0.0.1:9090",
    ]);
    expect(ok.code, ok.stderr).toBe(0);
    const doc = healthSchema.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(doc.prometheus).toBe("ok");
    const vm151 = doc.vms.find((v) => v.vmid === 151);
    expect(vm151?.live).toMatchObject({
      up: true,
      cpuRatio: 0.0423,
      memoryBytes: 1932735000, // the fixture: 1.932735e+09
      memorySizeBytes: 16e9,
      diskBytes: null,
      uptimeSeconds: 86400,
    });
    expect(doc.vms.find((v) => v.vmid === 153)?.live?.up).toBe(false);
    expect(doc.generatedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    writeFileSync(out, "");
    const down = lab.exec([
      "python3",
      script,
      join(dir, "health-inventory.json"),
      out,
      "http://127.0.0.1:1",
    ]);
    expect(down.code).toBe(0);
    const offline = healthSchema.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(offline.prometheus).toBe("unreachable");
    expect(offline.vms.every((v) => v.live === null)).toBe(true);
  });
});
