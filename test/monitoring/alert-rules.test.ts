import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { monitoredVms } from "../../src/monitoring/inventory.js";
import { renderMonitoringFiles } from "../../src/monitoring/render.js";
import { alertSpecs } from "../../src/monitoring/rules.js";
import { monitoringSettings } from "../../src/monitoring/settings.js";
import { planFor, run, tempDir, writeTree } from "./helpers.js";

/**
 * `promtool test rules` on the rendered rule files: every alert fires for the series that should
 * raise it, with the plan's labels and its summary, and stays silent for the controls next to it
 * (a suspended customer's stopped VM, a VM under its allowance, …).
 */
const RULES = "monitoring/monitoring/etc/lightspeedup/monitoring/rules.d";
const PVE = { instance: "192.168.12.70", job: "pve" };
const EDGE = { host: "edge", instance: "127.0.0.1:9100", job: "node" };

type Labels = Record<string, string>;
const series = (name: string, labels: Labels, values: string) => ({
  series: `${name}{${Object.entries(labels)
    .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
    .join(",")}}`,
  values,
});

interface Case {
  alert: string;
  input: ReturnType<typeof series>[];
  /** [eval time, expected alerts (labels without alertname, summary)] */
  checks: [string, { labels: Labels; summary: string }[]][];
}

function cases(customers: "edge-cases" | "customers") {
  const plan = planFor(customers);
  const settings = monitoringSettings(plan.config);
  const specs = new Map(alertSpecs(settings).map((a) => [a.alert, a]));
  const vm = (vmid: number) => {
    const v = monitoredVms(plan).find((x) => x.vmid === vmid);
    if (!v) throw new Error(`no VM ${vmid}`);
    return v;
  };
  const info = (vmid: number): Labels => {
    const v = vm(vmid);
    const { customer, package: pkg, tier, bridge, role, status } = v;
    return { vm: v.name, customer, package: pkg, tier, bridge, role, status };
  };
  const guest = (vmid: number) => ({ id: `qemu/${vmid}`, ...PVE });
  const joined = (vmid: number, severity = "warning") => ({
    ...guest(vmid),
    ...info(vmid),
    severity,
  });
  const perMinute = (mbps: number) => `0+${(mbps * 1e6 * 60) / 8}x40`;
  const list: Case[] = [];
  if (customers === "customers") {
    list.push({
      alert: "LsuPlannedCapacityHigh",
      input: [],
      checks: [
        ["30m", []],
        [
          "70m",
          [
            {
              labels: { resource: "memory", severity: "info" },
              summary: "the customer files plan 92.1 % of the host's memory",
            },
          ],
        ],
      ],
    });
  } else {
    list.push(
      {
        alert: "LsuVmBandwidthOverAllowance",
        input: [
          // a starter VM at 100 Mbit/s (allowance 20), a starter at 15, a business VM at 40 (50)
          series("pve_network_transmit_bytes_total", guest(152), perMinute(100)),
          series("pve_network_transmit_bytes_total", guest(154), perMinute(15)),
          series("pve_network_transmit_bytes_total", guest(151), perMinute(40)),
        ],
        checks: [
          ["9m", []],
          [
            "20m",
            [
              {
                labels: joined(152),
                summary: "shop-pair-db of shop-pair sends 100Mbit/s, over its starter allowance",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuVmDown",
        input: [
          series("pve_up", guest(154), "1 1 0x20"), // active, stops at 2m
          series("pve_up", guest(153), "0x22"), // suspended customer: stopped on purpose
          series("pve_up", guest(155), "0x22"), // offboarding
          series("pve_up", guest(150), "1x22"),
        ],
        checks: [
          ["5m", []],
          [
            "10m",
            [
              {
                labels: joined(154, "critical"),
                summary: "odd-name-vm (qemu/154) of odd-name is down",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuVmMissing",
        input: [150, 152, 153, 154].map((id) =>
          series(
            "pve_guest_info",
            {
              ...guest(id),
              name: vm(id).name,
              node: "LightSpeedUp",
              type: "qemu",
              template: "0",
              tags: "",
            },
            "1x20",
          ),
        ),
        checks: [
          ["5m", []],
          [
            "15m",
            [
              {
                labels: { id: "qemu/151", vmid: "151", ...info(151), severity: "warning" },
                summary: "shop-pair-web (qemu/151) of shop-pair is not on Proxmox",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuVmMissing",
        input: [series("up", PVE, "1x20")], // the exporter lists no guest at all: no alert
        checks: [["15m", []]],
      },
      {
        alert: "LsuPveExporterDown",
        input: [series("up", PVE, "1 1 0x10"), series("up", { ...EDGE }, "0x12")],
        checks: [
          ["5m", []],
          [
            "8m",
            [
              {
                labels: { ...PVE, severity: "critical" },
                summary: "the Proxmox exporter at 192.168.12.70 does not answer",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuPveNodeDown",
        input: [
          series("pve_up", { id: "node/LightSpeedUp", ...PVE }, "1 0x10"),
          series("pve_up", { id: "node/other", ...PVE }, "1x10"),
        ],
        checks: [
          ["2m", []],
          [
            "5m",
            [
              {
                labels: {
                  id: "node/LightSpeedUp",
                  node: "LightSpeedUp",
                  ...PVE,
                  severity: "critical",
                },
                summary: "Proxmox node LightSpeedUp is offline",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuVmCpuHigh",
        input: [
          series("pve_cpu_usage_ratio", guest(154), "0.95x30"),
          series("pve_cpu_usage_ratio", guest(150), "0.5x30"),
        ],
        checks: [
          ["10m", []],
          ["20m", [{ labels: joined(154), summary: "odd-name-vm of odd-name uses 95% CPU" }]],
        ],
      },
      {
        alert: "LsuVmMemoryHigh",
        input: [
          series("pve_memory_usage_bytes", guest(154), "3.8e9x30"),
          series("pve_memory_size_bytes", guest(154), "4e9x30"),
          series("pve_memory_usage_bytes", guest(150), "1e9x30"),
          series("pve_memory_size_bytes", guest(150), "16e9x30"),
        ],
        checks: [
          ["10m", []],
          [
            "20m",
            [{ labels: joined(154), summary: "odd-name-vm of odd-name uses 95% of its RAM" }],
          ],
        ],
      },
      {
        alert: "LsuVmDiskHigh",
        input: [
          series("pve_disk_usage_bytes", guest(154), "2.85e10x30"),
          series("pve_disk_size_bytes", guest(154), "3e10x30"),
          series("pve_disk_usage_bytes", guest(150), "0x30"), // qemu: Proxmox reports 0
          series("pve_disk_size_bytes", guest(150), "1.2e11x30"),
        ],
        checks: [
          ["10m", []],
          [
            "20m",
            [{ labels: joined(154), summary: "odd-name-vm of odd-name has used 95% of its disk" }],
          ],
        ],
      },
      {
        alert: "LsuStorageHigh",
        input: [
          series("pve_disk_usage_bytes", { id: "storage/LightSpeedUp/SSD_VMs", ...PVE }, "95x30"),
          series("pve_disk_size_bytes", { id: "storage/LightSpeedUp/SSD_VMs", ...PVE }, "100x30"),
          series("pve_disk_usage_bytes", { id: "storage/LightSpeedUp/local", ...PVE }, "10x30"),
          series("pve_disk_size_bytes", { id: "storage/LightSpeedUp/local", ...PVE }, "100x30"),
        ],
        checks: [
          ["10m", []],
          [
            "20m",
            [
              {
                labels: { id: "storage/LightSpeedUp/SSD_VMs", ...PVE, severity: "warning" },
                summary: "Proxmox storage storage/LightSpeedUp/SSD_VMs is 95% full",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuBridgeBandwidthHigh",
        input: [
          series("pve_network_transmit_bytes_total", guest(151), perMinute(500)),
          series("pve_network_transmit_bytes_total", guest(152), perMinute(500)),
          series("pve_network_transmit_bytes_total", guest(150), perMinute(700)),
        ],
        checks: [
          ["9m", []],
          [
            "20m",
            [
              {
                labels: { bridge: "vmbr20", tier: "isolated", severity: "warning" },
                summary: "customer VMs on vmbr20 send 1Gbit/s",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuEdgeNetworkBandwidthHigh",
        input: [
          series(
            "lsu_edge_network_bytes_total",
            { bridge: "vmbr20", customer: "shop-pair", direction: "rx", ...EDGE },
            perMinute(900),
          ),
          series(
            "lsu_edge_network_bytes_total",
            { bridge: "vmbr20", customer: "shop-pair", direction: "tx", ...EDGE },
            perMinute(10),
          ),
        ],
        checks: [
          ["9m", []],
          [
            "20m",
            [
              {
                labels: {
                  bridge: "vmbr20",
                  customer: "shop-pair",
                  direction: "rx",
                  ...EDGE,
                  severity: "warning",
                },
                summary: "the edge's vmbr20 (rx) carries 900Mbit/s",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuBackupMissing",
        input: [
          series("pve_not_backed_up_info", guest(154), "1x80"),
          series("pve_not_backed_up_info", guest(155), "1x80"), // offboarding: no alert
        ],
        checks: [
          ["30m", []],
          [
            "70m",
            [{ labels: joined(154), summary: "odd-name-vm of odd-name is in no backup job" }],
          ],
        ],
      },
      {
        alert: "LsuBackupTooOld",
        input: [
          // 26 hours old at t=0 and never renewed; always fresh; old but offboarding
          series("lsu_backup_last_timestamp_seconds", guest(151), "-93600x60"),
          series("lsu_backup_last_timestamp_seconds", guest(152), "0+60x60"),
          series("lsu_backup_last_timestamp_seconds", guest(155), "-93600x60"),
        ],
        checks: [
          ["20m", []],
          [
            "40m",
            [
              {
                labels: joined(151),
                summary: "the newest backup of shop-pair-web (shop-pair) is 1d 2h 40m 0s old",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuBackupNone",
        input: [
          // the listing works; every planned VM but 151 has a backup (155 is offboarding anyway)
          series("lsu_pve_backups_up", EDGE, "1x1700"),
          ...monitoredVms(plan)
            .filter((v) => v.vmid !== 151 && v.vmid !== 155)
            .map((v) => series("lsu_backup_last_timestamp_seconds", guest(v.vmid), "0x1700")),
        ],
        checks: [
          ["26h", []],
          [
            "27h30m",
            [
              {
                labels: { id: "qemu/151", vmid: "151", ...info(151), severity: "warning" },
                summary: "shop-pair-web (qemu/151) of shop-pair has no backup at all",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuBackupListingFailed",
        input: [
          series("lsu_pve_backups_up", EDGE, "0x80"),
          series("lsu_pve_backups_up", { ...EDGE, instance: "192.168.12.9:9100" }, "1x80"),
        ],
        checks: [
          ["30m", []],
          [
            "65m",
            [
              {
                labels: { ...EDGE, severity: "warning" },
                summary: "the Proxmox API does not list the backups (127.0.0.1:9100)",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuBackupStuck",
        input: [
          series("pve_lock_state", { ...guest(154), state: "backup" }, "1x400"),
          series("pve_lock_state", { ...guest(150), state: "backup" }, "0x400"),
        ],
        checks: [
          ["5h", []],
          [
            "6h10m",
            [
              {
                labels: { ...joined(154), state: "backup" },
                summary: "a backup of odd-name-vm (odd-name) has held its lock for 6 hours",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuCertificateExpiring",
        input: [
          series(
            "lsu_edge_certificate_not_after_seconds",
            { certificate: "shop-pair.example", ...EDGE },
            `${10 * 86400 + 3600}x80`,
          ),
          series(
            "lsu_edge_certificate_not_after_seconds",
            { certificate: "odd.example", ...EDGE },
            `${30 * 86400}x80`,
          ),
        ],
        checks: [
          ["30m", []],
          [
            "1h",
            [
              {
                labels: { certificate: "shop-pair.example", ...EDGE, severity: "warning" },
                summary: "the certificate shop-pair.example on the edge expires in 10d 0h 0m 0s",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuFirewallDropSpike",
        input: [
          series(
            "lsu_edge_dropped_packets_total",
            { bridge: "vmbr20", customer: "shop-pair", ...EDGE },
            "0+120x40",
          ),
          series(
            "lsu_edge_dropped_packets_total",
            { bridge: "vmbr21", customer: "quiet", ...EDGE },
            "0+10x40",
          ),
        ],
        checks: [
          ["9m", []],
          [
            "20m",
            [
              {
                labels: { bridge: "vmbr20", customer: "shop-pair", ...EDGE, severity: "warning" },
                summary: "the edge drops 120 packets/minute from shop-pair (vmbr20)",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuHostCapacityHigh",
        input: [
          series("pve_memory_usage_bytes", { id: "node/LightSpeedUp", ...PVE }, "90x40"),
          series("pve_memory_size_bytes", { id: "node/LightSpeedUp", ...PVE }, "100x40"),
          series("pve_memory_usage_bytes", { id: "node/other", ...PVE }, "50x40"),
          series("pve_memory_size_bytes", { id: "node/other", ...PVE }, "100x40"),
        ],
        checks: [
          ["20m", []],
          [
            "31m",
            [
              {
                labels: { id: "node/LightSpeedUp", ...PVE, severity: "warning" },
                summary: "Proxmox node node/LightSpeedUp uses 90 % of its RAM",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuPlannedCapacityHigh",
        input: [], // six VMs: far below the warning line
        checks: [["70m", []]],
      },
      {
        alert: "LsuNodeExporterDown",
        input: [series("up", EDGE, "0x10"), series("up", PVE, "0x10")],
        checks: [
          ["4m", []],
          [
            "6m",
            [
              {
                labels: { ...EDGE, severity: "warning" },
                summary: "the node exporter on edge does not answer",
              },
            ],
          ],
        ],
      },
      {
        alert: "LsuTextfileStale",
        input: [
          series(
            "node_textfile_mtime_seconds",
            { file: "/var/lib/prometheus/node-exporter/lsu-edge.prom", ...EDGE },
            "0x40",
          ),
          series(
            "node_textfile_mtime_seconds",
            { file: "/var/lib/prometheus/node-exporter/apt.prom", ...EDGE },
            "0+60x40",
          ),
          series("node_textfile_scrape_error", EDGE, "0x40"),
        ],
        checks: [
          ["20m", []],
          [
            "32m",
            [
              {
                labels: {
                  file: "/var/lib/prometheus/node-exporter/lsu-edge.prom",
                  ...EDGE,
                  severity: "warning",
                },
                summary: "the textfile metrics on edge are stale or unreadable",
              },
            ],
          ],
        ],
      },
    );
  }
  const doc = {
    rule_files: ["lsu-inventory.yml", "lsu-alerts.yml"],
    evaluation_interval: "1m",
    tests: list.map((c) => ({
      interval: "1m",
      input_series: c.input,
      alert_rule_test: c.checks.map(([eval_time, alerts]) => ({
        eval_time,
        alertname: c.alert,
        exp_alerts: alerts.map((a) => ({
          exp_labels: a.labels,
          exp_annotations: { summary: a.summary, threshold: specs.get(c.alert)?.threshold },
        })),
      })),
    })),
  };
  const dir = tempDir("rules");
  const files = renderMonitoringFiles(plan);
  writeTree(
    dir,
    Object.fromEntries(
      Object.entries(files)
        .filter(([p]) => p.startsWith(RULES))
        .map(([p, t]) => [p.slice(RULES.length + 1), t]),
    ),
  );
  return { dir, doc, list, specs };
}

function promtoolTest(dir: string, doc: unknown) {
  writeFileSync(join(dir, "tests.yml"), stringify(doc));
  return run(["promtool", "test", "rules", "tests.yml"], { cwd: dir });
}

describe("promtool test rules: every alert fires with the plan's labels, and only then", () => {
  it("edge cases: each alert fires and does not fire", () => {
    const { dir, doc, list, specs } = cases("edge-cases");
    // every alert is exercised, and firing at least once
    const fired = new Set(
      list.filter((c) => c.checks.some(([, a]) => a.length > 0)).map((c) => c.alert),
    );
    expect([...specs.keys()].filter((a) => !fired.has(a))).toEqual(["LsuPlannedCapacityHigh"]);
    const r = promtoolTest(dir, doc);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toContain("SUCCESS");
  });

  it("the beta mix: the planned RAM above the warning line is reported", () => {
    const { dir, doc } = cases("customers");
    const r = promtoolTest(dir, doc);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });

  it("a wrong expectation fails (the tests are not vacuous)", () => {
    const { dir, doc } = cases("edge-cases");
    const broken = JSON.parse(
      JSON.stringify(doc).replace('"customer":"odd-name"', '"customer":"paused-co"'),
    );
    const r = promtoolTest(dir, broken);
    expect(r.code).toBe(1);
    expect(r.stdout + r.stderr).toContain("FAILED");
  });
});
