import { stringify } from "yaml";
import { type MonitoredVm, VM_LABELS } from "./inventory.js";
import type { MonitoringSettings } from "./settings.js";

export const PROMETHEUS_LISTEN = "127.0.0.1:9090";
export const ALERTMANAGER_LISTEN = "127.0.0.1:9093";
export const MONITORING_NODE_EXPORTER = "127.0.0.1:9100";
export const RULE_FILES = ["rules.d/lsu-inventory.yml", "rules.d/lsu-alerts.yml"] as const;

/** The PVE exporter's deprecated gauges, dropped at ingestion (the `_total` counters stay). */
const DEPRECATED = "pve_(network_(transmit|receive)_bytes|disk_(read|write)_bytes)";
const TMP = "__tmp_lsu";

/**
 * The relabelling that turns `id="qemu/<VMID>"` into the plan's labels: one rule per VM writes
 * "customer;package;tier;bridge;role" into a temporary label, five rules split it, one drops it.
 */
export function vmRelabelling(vms: readonly MonitoredVm[]): Record<string, unknown>[] {
  return [
    ...vms.map((vm) => ({
      source_labels: ["id"],
      regex: vm.id,
      target_label: TMP,
      replacement: VM_LABELS.map((l) => vm[l]).join(";"),
    })),
    ...VM_LABELS.map((label, i) => ({
      source_labels: [TMP],
      regex: VM_LABELS.map(() => "([^;]*)").join(";"),
      target_label: label,
      replacement: `$${i + 1}`,
    })),
    { regex: TMP, action: "labeldrop" },
  ];
}

/** /etc/lightspeedup/monitoring/prometheus.yml. Pure. */
export function renderPrometheusConfig(
  vms: readonly MonitoredVm[],
  settings: MonitoringSettings,
): string {
  const nodeTargets = settings.onEdge
    ? [{ targets: [settings.edgeNodeExporter], labels: { host: "edge" } }]
    : [
        { targets: [MONITORING_NODE_EXPORTER], labels: { host: "monitoring" } },
        { targets: [settings.edgeNodeExporter], labels: { host: "edge" } },
      ];
  const doc = {
    global: {
      scrape_interval: "30s",
      evaluation_interval: "30s",
      external_labels: { site: "lightspeedup" },
    },
    alerting: { alertmanagers: [{ static_configs: [{ targets: [ALERTMANAGER_LISTEN] }] }] },
    rule_files: [...RULE_FILES],
    scrape_configs: [
      { job_name: "prometheus", static_configs: [{ targets: [PROMETHEUS_LISTEN] }] },
      { job_name: "alertmanager", static_configs: [{ targets: [ALERTMANAGER_LISTEN] }] },
      {
        job_name: "pve",
        metrics_path: "/pve",
        scrape_interval: "60s",
        scrape_timeout: "30s",
        params: { module: ["default"], cluster: ["1"], node: ["1"] },
        static_configs: [{ targets: [settings.pveTarget] }],
        relabel_configs: [
          { source_labels: ["__address__"], target_label: "__param_target" },
          { source_labels: ["__param_target"], target_label: "instance" },
          { target_label: "__address__", replacement: settings.pveExporter },
        ],
        metric_relabel_configs: [
          { source_labels: ["__name__"], regex: DEPRECATED, action: "drop" },
          ...vmRelabelling(vms),
        ],
      },
      { job_name: "node", static_configs: nodeTargets },
    ],
  };
  return `# Managed by LightSpeedUp (Pulumi): generated from the customer files. Do not edit.\n${stringify(
    doc,
    { lineWidth: 0 },
  )}`;
}
