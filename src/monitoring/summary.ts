import { BANDWIDTH_ALLOWANCE_MBPS } from "../catalog/bandwidth.js";
import type { HostingPlan } from "../model/analyze.js";
import { edgeNetworksFile } from "./edge-networks.js";
import { monitoredVms } from "./inventory.js";
import { PVE_EXPORTER_PACKAGE } from "./pve-exporter.js";
import { alertSpecs } from "./rules.js";
import { monitoringSettings } from "./settings.js";
import type { SecretsSet } from "./units.js";

/** What the plan text says about monitoring (docs/monitoring.md). Pure. */
export function monitoringSummary(plan: HostingPlan, secrets: SecretsSet): string[] {
  const { discord } = secrets;
  const s = monitoringSettings(plan.config);
  const vms = monitoredVms(plan);
  const networks = edgeNetworksFile(plan).trim().split("\n").length;
  const allowances = Object.entries(BANDWIDTH_ALLOWANCE_MBPS)
    .map(([p, mbps]) => `${p} ${mbps}`)
    .join(", ");
  return [
    `Monitoring (docs/monitoring.md) on ${s.onEdge ? "the edge VM" : "the monitoring host"} ${s.ssh.host}`,
    `  ${vms.length} customer VM(s) through the PVE exporter at ${s.pveExporter} (node ${s.pveTarget}), labelled customer, package, tier, bridge, role`,
    secrets.pveExporter
      ? `  the PVE exporter: ${PVE_EXPORTER_PACKAGE} ${s.pveExporterInstall.version} installed in a venv with hosting:monitoringPveToken`
      : "  the PVE exporter: installed by hand (set hosting:monitoringPveToken to have it installed)",
    `  node exporters: ${s.onEdge ? "the edge (also the monitoring host)" : "the monitoring host and the edge"}; the edge's textfile exporter reads ${networks} network(s), drops and certificates`,
    `  ${alertSpecs(s).length} alert rules to ${plan.config.adminEmail}${discord ? " and Discord" : ""}; bandwidth allowances (Mbit/s): ${allowances}`,
    `  Grafana: ${plan.customers.length + 1} dashboard(s) (one per customer and the overview) in ${s.grafanaDashboardsDir}`,
    `  health.json: ${s.healthJson}; daily report: ${s.report.enabled ? `${s.report.schedule} to ${s.report.mailTo}` : "off"}`,
  ];
}
