import { stringify } from "yaml";
import type { HostingPlan } from "../model/analyze.js";
import { PROMETHEUS_LISTEN } from "./prometheus-config.js";
import { join } from "./rules.js";

/**
 * Grafana provisioning: the Prometheus data source (fixed uid), the dashboard provider, one
 * dashboard per customer and one overview. Dashboards are upserted by uid, so uids derive from the
 * customer name and never change for a customer. Pure. docs/monitoring.md says how to add a panel.
 */
export const DATASOURCE_UID = "lsu-prometheus";
const ds = { type: "prometheus", uid: DATASOURCE_UID };

export interface PanelSpec {
  title: string;
  /** PromQL; one target per query */
  queries: { expr: string; legend: string }[];
  unit: string;
  type?: "timeseries" | "stat" | "bargauge";
}

export function panel(spec: PanelSpec, id: number): Record<string, unknown> {
  const w = spec.type === "stat" ? 6 : 12;
  return {
    id,
    type: spec.type ?? "timeseries",
    title: spec.title,
    datasource: ds,
    gridPos: { x: ((id - 1) * w) % 24, y: Math.floor(((id - 1) * w) / 24) * 8, w, h: 8 },
    fieldConfig: { defaults: { unit: spec.unit }, overrides: [] },
    targets: spec.queries.map((q, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: ds,
      expr: q.expr,
      legendFormat: q.legend,
    })),
  };
}

export function dashboard(uid: string, title: string, panels: PanelSpec[]) {
  return {
    uid,
    title,
    tags: ["lightspeedup"],
    schemaVersion: 39,
    version: 1,
    editable: false,
    time: { from: "now-24h", to: "now" },
    refresh: "1m",
    panels: panels.map((p, i) => panel(p, i + 1)),
  };
}

/** PromQL string literal for a label value (values are schema-validated; quoting is still exact). */
const lit = (v: string) => JSON.stringify(v);

export function customerPanels(customer: string): PanelSpec[] {
  const of = (metric: string) => `${metric}${join(`{customer=${lit(customer)}}`)}`;
  const legend = "{{vm}} ({{package}})";
  return [
    {
      title: "CPU",
      unit: "percentunit",
      queries: [{ expr: of('pve_cpu_usage_ratio{id=~"qemu/.+"}'), legend }],
    },
    {
      title: "RAM used",
      unit: "percentunit",
      queries: [
        {
          expr: of(
            '(pve_memory_usage_bytes{id=~"qemu/.+"} / pve_memory_size_bytes{id=~"qemu/.+"})',
          ),
          legend,
        },
      ],
    },
    {
      title: "Network (bit/s)",
      unit: "bps",
      queries: [
        { expr: of("(rate(pve_network_transmit_bytes_total[5m]) * 8)"), legend: `out ${legend}` },
        { expr: of("(rate(pve_network_receive_bytes_total[5m]) * 8)"), legend: `in ${legend}` },
        { expr: of("lsu_vm_bandwidth_allowance_bps"), legend: "allowance {{vm}}" },
      ],
    },
    {
      title: "Disk I/O (bytes/s)",
      unit: "Bps",
      queries: [
        { expr: of("rate(pve_disk_read_bytes_total[5m])"), legend: `read ${legend}` },
        { expr: of("rate(pve_disk_written_bytes_total[5m])"), legend: `write ${legend}` },
      ],
    },
    {
      title: "Uptime",
      unit: "s",
      type: "stat",
      queries: [{ expr: of("pve_uptime_seconds"), legend }],
    },
    {
      title: "Running",
      unit: "bool",
      type: "stat",
      queries: [{ expr: of('pve_up{id=~"qemu/.+"}'), legend }],
    },
    {
      title: "Firewall drops (packets/min)",
      unit: "short",
      queries: [
        {
          expr: `rate(lsu_edge_dropped_packets_total{customer=${lit(customer)}}[5m]) * 60`,
          legend: "{{bridge}}",
        },
      ],
    },
  ];
}

export function overviewPanels(): PanelSpec[] {
  return [
    {
      title: "Customers per tier",
      unit: "short",
      type: "stat",
      queries: [
        { expr: "count by (tier) (count by (customer, tier) (lsu_vm_info))", legend: "{{tier}}" },
      ],
    },
    {
      title: "VMs per bridge",
      unit: "short",
      type: "stat",
      queries: [{ expr: "count by (bridge) (lsu_vm_info)", legend: "{{bridge}}" }],
    },
    {
      title: "Planned capacity",
      unit: "percent",
      type: "bargauge",
      queries: [{ expr: "lsu_planned_capacity_percent", legend: "{{resource}}" }],
    },
    {
      title: "Host use",
      unit: "percentunit",
      type: "bargauge",
      queries: [
        { expr: 'pve_cpu_usage_ratio{id=~"node/.+"}', legend: "CPU {{id}}" },
        {
          expr: 'pve_memory_usage_bytes{id=~"node/.+"} / pve_memory_size_bytes{id=~"node/.+"}',
          legend: "RAM {{id}}",
        },
        {
          expr: 'pve_disk_usage_bytes{id=~"storage/.+"} / pve_disk_size_bytes{id=~"storage/.+"}',
          legend: "{{id}}",
        },
      ],
    },
    {
      title: "Bandwidth per bridge (bit/s, customer VMs)",
      unit: "bps",
      queries: [
        {
          expr: `sum by (bridge) ((rate(pve_network_transmit_bytes_total{id=~"qemu/.+"}[5m]) * 8)${join()})`,
          legend: "{{bridge}}",
        },
      ],
    },
    {
      title: "Edge networks (bit/s)",
      unit: "bps",
      queries: [
        { expr: "rate(lsu_edge_network_bytes_total[5m]) * 8", legend: "{{bridge}} {{direction}}" },
      ],
    },
    {
      title: "Firing alerts",
      unit: "short",
      type: "stat",
      queries: [
        { expr: 'count by (severity) (ALERTS{alertstate="firing"})', legend: "{{severity}}" },
      ],
    },
  ];
}

/** relative path under the dashboards directory → JSON text */
export function renderDashboards(plan: Pick<HostingPlan, "customers">): Record<string, string> {
  const json = (d: unknown) => `${JSON.stringify(d, null, 2)}\n`;
  const files: Record<string, string> = {
    "lsu-overview.json": json(dashboard("lsu-overview", "LightSpeedUp overview", overviewPanels())),
  };
  for (const c of plan.customers) {
    files[`lsu-customer-${c.name}.json`] = json(
      dashboard(`lsu-c-${c.name}`, `Customer ${c.name}`, customerPanels(c.name)),
    );
  }
  return files;
}

export function renderGrafanaProvisioning(dashboardsDir: string): Record<string, string> {
  const header = "# Managed by LightSpeedUp (Pulumi). Do not edit.\n";
  return {
    "datasources/lsu.yaml": `${header}${stringify({
      apiVersion: 1,
      datasources: [
        {
          name: "LightSpeedUp Prometheus",
          uid: DATASOURCE_UID,
          type: "prometheus",
          access: "proxy",
          url: `http://${PROMETHEUS_LISTEN}`,
          isDefault: false,
          editable: false,
        },
      ],
    })}`,
    "dashboards/lsu.yaml": `${header}${stringify({
      apiVersion: 1,
      providers: [
        {
          name: "lightspeedup",
          type: "file",
          folder: "LightSpeedUp",
          disableDeletion: false,
          updateIntervalSeconds: 30,
          allowUiUpdates: false,
          options: { path: dashboardsDir },
        },
      ],
    })}`,
  };
}
