import type { HostingConfig } from "../config/schema.js";
import { PVE_EXPORTER_VERSION } from "./pve-exporter.js";

/** `hosting:monitoring` with every default filled in (docs/monitoring.md "Configuration"). */
export interface MonitoringSettings {
  ssh: { host: string; port: number; user: string; hostKey: string };
  /** the monitoring host is the edge VM itself */
  onEdge: boolean;
  vmId: number;
  /** the monitoring host's commands' trigger (the edge's commands keep hosting:edge.generation) */
  generation: number;
  pveExporter: string;
  pveTarget: string;
  /** installed by the monitoring-pve-exporter unit when hosting:monitoringPveToken is set */
  pveExporterInstall: { version: string; indexUrl: string };
  edgeNodeExporter: string;
  retention: string;
  grafanaDashboardsDir: string;
  grafanaProvisioningDir: string;
  healthJson: string;
  report: { schedule: string; mailTo: string; enabled: boolean };
  smtp: { smarthost: string; from: string; requireTls: boolean };
  thresholds: {
    cpuPercent: number;
    memoryPercent: number;
    diskPercent: number;
    bridgeMbps: number;
    dropsPerMinute: number;
    certificateDays: number;
    capacityPercent: number;
  };
}

export function monitoringSettings(config: HostingConfig): MonitoringSettings {
  const m = config.monitoring ?? {};
  const ssh = m.ssh ?? config.edgeSsh;
  const onEdge = ssh.host === config.edgeSsh.host && ssh.port === config.edgeSsh.port;
  const t = m.thresholds ?? {};
  return {
    ssh,
    onEdge,
    vmId: m.vmId ?? config.edge.vmId,
    generation: m.generation ?? config.edge.generation,
    pveExporter: m.pveExporter ?? "127.0.0.1:9221",
    pveTarget: m.pveTarget ?? config.hostAddresses[0],
    pveExporterInstall: {
      version: m.pveExporterInstall?.version ?? PVE_EXPORTER_VERSION,
      indexUrl: m.pveExporterInstall?.indexUrl ?? "",
    },
    edgeNodeExporter:
      m.edgeNodeExporter ?? (onEdge ? "127.0.0.1:9100" : `${config.edge.uplink.address}:9100`),
    retention: m.retention ?? "90d",
    grafanaDashboardsDir: m.grafanaDashboardsDir ?? "/var/lib/grafana/dashboards/lightspeedup",
    grafanaProvisioningDir: m.grafanaProvisioningDir ?? "/etc/grafana/provisioning",
    healthJson: m.healthJson ?? "/var/www/html/health.json",
    report: {
      schedule: m.report?.schedule ?? "*-*-* 07:00:00",
      mailTo: m.report?.mailTo ?? config.adminEmail,
      enabled: m.report?.enabled ?? true,
    },
    smtp: m.smtp ?? {
      smarthost: "localhost:25",
      from: `monitoring@${config.platformZone}`,
      requireTls: false,
    },
    thresholds: {
      cpuPercent: t.cpuPercent ?? 90,
      memoryPercent: t.memoryPercent ?? 90,
      diskPercent: t.diskPercent ?? 90,
      bridgeMbps: t.bridgeMbps ?? 800,
      dropsPerMinute: t.dropsPerMinute ?? 60,
      certificateDays: t.certificateDays ?? 14,
      capacityPercent: config.capacity.warnAtPercent,
    },
  };
}
