import type { HostingPlan } from "../model/analyze.js";
import { WEBHOOK_PLACEHOLDER } from "./alertmanager-config.js";
import { DEBIAN_MONITORING_PATHS, type MonitoringPaths } from "./paths.js";
import { PVE_TOKEN_PLACEHOLDER } from "./pve-exporter.js";
import { monitoringSettings } from "./settings.js";
import { monitoringUnits } from "./units.js";

/**
 * Every monitoring file and script, as relative path → content, for `npm run plan -- --render`:
 * monitoring/<host>/<absolute path on that host> and monitoring/scripts/<unit>.{apply,delete}.sh.
 * With `discord` the Discord route, and with `pveExporter` the Proxmox exporter's unit, are shown
 * with placeholders instead of the secrets. Pure.
 */
export function renderMonitoringFiles(
  plan: Pick<HostingPlan, "config" | "customers" | "capacity">,
  options: { discord?: boolean; pveExporter?: boolean; paths?: MonitoringPaths } = {},
): Record<string, string> {
  const settings = monitoringSettings(plan.config);
  const units = monitoringUnits(plan, settings, options.paths ?? DEBIAN_MONITORING_PATHS, {
    discordWebhook: options.discord ? WEBHOOK_PLACEHOLDER : undefined,
    pveToken: options.pveExporter ? PVE_TOKEN_PLACEHOLDER : undefined,
  });
  const files: Record<string, string> = {};
  for (const [host, list] of Object.entries(units)) {
    for (const unit of list) {
      for (const f of unit.files) files[`monitoring/${host}${f.path}`] = f.content;
      files[`monitoring/scripts/${unit.name}.apply.sh`] = unit.apply;
      files[`monitoring/scripts/${unit.name}.delete.sh`] = unit.delete;
    }
  }
  return files;
}

/** Whether the evaluated stack sends alerts to Discord (its webhook secret is set). */
export function discordConfigured(
  resources: readonly { name: string; inputs: Record<string, unknown> }[],
) {
  return resources.some(
    (r) => r.name === "monitoring-alertmanager" && r.inputs.stdin === "[secret]",
  );
}

/** Whether the evaluated stack installs the Proxmox exporter (its token secret is set). */
export function pveExporterConfigured(resources: readonly { name: string }[]) {
  return resources.some((r) => r.name === "monitoring-pve-exporter");
}
