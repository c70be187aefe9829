import type { HostingPlan } from "../model/analyze.js";
import { DEBIAN_MONITORING_PATHS, type MonitoringPaths } from "./paths.js";
import { monitoringSettings } from "./settings.js";
import { monitoringUnits, placeholderSecrets, type SecretsSet } from "./units.js";

/**
 * Every monitoring file and script, as relative path → content, for `npm run plan -- --render`:
 * monitoring/<host>/<absolute path on that host> and monitoring/scripts/<unit>.{apply,delete}.sh.
 * With `discord` the Discord route, and with `pveExporter` the Proxmox exporter's unit, are shown
 * with placeholders instead of the secrets. Pure.
 */
export function renderMonitoringFiles(
  plan: Pick<HostingPlan, "config" | "customers" | "capacity">,
  options: Partial<SecretsSet> & { paths?: MonitoringPaths } = {},
): Record<string, string> {
  const settings = monitoringSettings(plan.config);
  const paths = options.paths ?? DEBIAN_MONITORING_PATHS;
  const units = monitoringUnits(plan, settings, paths, placeholderSecrets(options));
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
