import { stringify } from "yaml";
import type { CapacityReport } from "../capacity/capacity.js";
import type { MonitoredVm } from "./inventory.js";
import type { MonitoringSettings } from "./settings.js";

/**
 * The two rule files: the inventory (one `lsu_vm_info` series per customer VM, its allowance and
 * backup age limit, the planned capacity) and the alerts, which join the PVE exporter's series to
 * the inventory on `id` so every alert carries customer, package, tier, bridge and role. Pure.
 */

const HEADER =
  "# Managed by LightSpeedUp (Pulumi): generated from the customer files. Do not edit.\n";
const yaml = (doc: unknown) => `${HEADER}${stringify(doc, { lineWidth: 0 })}`;

export const INFO_LABELS = "vm, customer, package, tier, bridge, role, status";

/** `* on(id) group_left(<labels>) lsu_vm_info<selector>`: the plan's labels on a guest series. */
export const join = (selector = "") =>
  ` * on(id) group_left(${INFO_LABELS}) lsu_vm_info${selector}`;

export function renderInventoryRules(vms: readonly MonitoredVm[], capacity: CapacityReport) {
  const rules: Record<string, unknown>[] = [];
  for (const vm of vms) {
    rules.push({
      record: "lsu_vm_info",
      expr: "vector(1)",
      labels: {
        id: vm.id,
        vmid: String(vm.vmid),
        vm: vm.name,
        customer: vm.customer,
        package: vm.package,
        tier: vm.tier,
        bridge: vm.bridge,
        role: vm.role,
        status: vm.status,
      },
    });
    rules.push({
      record: "lsu_vm_bandwidth_allowance_bps",
      expr: `vector(${vm.allowanceBps})`,
      labels: { id: vm.id },
    });
    rules.push({
      record: "lsu_vm_backup_max_age_seconds",
      expr: `vector(${vm.backupMaxAgeSeconds})`,
      labels: { id: vm.id },
    });
  }
  for (const r of capacity.resources) {
    rules.push({
      record: "lsu_planned_capacity_percent",
      expr: `vector(${Math.round(r.percent * 10) / 10})`,
      labels: { resource: r.resource },
    });
  }
  return yaml({ groups: [{ name: "lsu-inventory", interval: "1m", rules }] });
}

export interface AlertSpec {
  alert: string;
  expr: string;
  for: string;
  severity: "critical" | "warning" | "info";
  summary: string;
  /** what the threshold is, in words (docs/monitoring.md lists it) */
  threshold: string;
}

export function alertSpecs(settings: MonitoringSettings): AlertSpec[] {
  const t = settings.thresholds;
  const guest = 'id=~"qemu/.+"';
  return [
    {
      alert: "LsuVmDown",
      expr: `(pve_up{${guest}} == 0)${join('{status="active"}')}`,
      for: "5m",
      severity: "critical",
      summary: "{{ $labels.vm }} ({{ $labels.id }}) of {{ $labels.customer }} is down",
      threshold: "not running for 5 minutes while its customer is active",
    },
    {
      alert: "LsuVmMissing",
      expr: '(lsu_vm_info{status!="offboarding"} unless on(id) pve_guest_info) and on() (count(pve_guest_info) > 0)',
      for: "10m",
      severity: "warning",
      summary: "{{ $labels.vm }} ({{ $labels.id }}) of {{ $labels.customer }} is not on Proxmox",
      threshold: "a planned VM the exporter does not list for 10 minutes",
    },
    {
      alert: "LsuPveExporterDown",
      expr: 'up{job="pve"} == 0',
      for: "5m",
      severity: "critical",
      summary: "the Proxmox exporter at {{ $labels.instance }} does not answer",
      threshold: "5 minutes of failed scrapes",
    },
    {
      alert: "LsuPveNodeDown",
      expr: 'label_replace(pve_up{id=~"node/.+"}, "node", "$1", "id", "node/(.+)") == 0',
      for: "2m",
      severity: "critical",
      summary: "Proxmox node {{ $labels.node }} is offline",
      threshold: "2 minutes offline",
    },
    {
      alert: "LsuVmCpuHigh",
      expr: `(pve_cpu_usage_ratio{${guest}})${join()} > ${t.cpuPercent / 100}`,
      for: "15m",
      severity: "warning",
      summary:
        "{{ $labels.vm }} of {{ $labels.customer }} uses {{ $value | humanizePercentage }} CPU",
      threshold: `CPU above ${t.cpuPercent} % of its cores for 15 minutes`,
    },
    {
      alert: "LsuVmMemoryHigh",
      expr: `(pve_memory_usage_bytes{${guest}} / pve_memory_size_bytes{${guest}})${join()} > ${t.memoryPercent / 100}`,
      for: "15m",
      severity: "warning",
      summary:
        "{{ $labels.vm }} of {{ $labels.customer }} uses {{ $value | humanizePercentage }} of its RAM",
      threshold: `RAM above ${t.memoryPercent} % for 15 minutes (Proxmox's view of the guest)`,
    },
    {
      alert: "LsuVmDiskHigh",
      expr: `((pve_disk_usage_bytes{${guest}} > 0) / pve_disk_size_bytes{${guest}})${join()} > ${t.diskPercent / 100}`,
      for: "15m",
      severity: "warning",
      summary:
        "{{ $labels.vm }} of {{ $labels.customer }} has used {{ $value | humanizePercentage }} of its disk",
      threshold: `disk above ${t.diskPercent} % for 15 minutes (only where Proxmox reports guest disk use)`,
    },
    {
      alert: "LsuStorageHigh",
      expr: `pve_disk_usage_bytes{id=~"storage/.+"} / pve_disk_size_bytes{id=~"storage/.+"} > ${t.diskPercent / 100}`,
      for: "15m",
      severity: "warning",
      summary: "Proxmox storage {{ $labels.id }} is {{ $value | humanizePercentage }} full",
      threshold: `a datastore above ${t.diskPercent} % for 15 minutes`,
    },
    {
      alert: "LsuVmBandwidthOverAllowance",
      expr: `(rate(pve_network_transmit_bytes_total{${guest}}[5m]) * 8)${join()} > on(id) group_left() lsu_vm_bandwidth_allowance_bps`,
      for: "10m",
      severity: "warning",
      summary:
        "{{ $labels.vm }} of {{ $labels.customer }} sends {{ $value | humanize }}bit/s, over its {{ $labels.package }} allowance",
      threshold: "outbound above the package's allowance (src/catalog/bandwidth.ts) for 10 minutes",
    },
    {
      alert: "LsuBridgeBandwidthHigh",
      expr: `sum by (bridge, tier) ((rate(pve_network_transmit_bytes_total{${guest}}[5m]) * 8)${join()}) > ${t.bridgeMbps * 1e6}`,
      for: "10m",
      severity: "warning",
      summary: "customer VMs on {{ $labels.bridge }} send {{ $value | humanize }}bit/s",
      threshold: `a bridge's customer VMs together above ${t.bridgeMbps} Mbit/s for 10 minutes`,
    },
    {
      alert: "LsuEdgeNetworkBandwidthHigh",
      expr: `rate(lsu_edge_network_bytes_total[5m]) * 8 > ${t.bridgeMbps * 1e6}`,
      for: "10m",
      severity: "warning",
      summary:
        "the edge's {{ $labels.bridge }} ({{ $labels.direction }}) carries {{ $value | humanize }}bit/s",
      threshold: `one direction of an edge network above ${t.bridgeMbps} Mbit/s for 10 minutes`,
    },
    {
      alert: "LsuBackupMissing",
      expr: `(pve_not_backed_up_info{${guest}} == 1)${join('{status!="offboarding"}')}`,
      for: "1h",
      severity: "warning",
      summary: "{{ $labels.vm }} of {{ $labels.customer }} is in no backup job",
      threshold: "a customer VM no backup job covers, for an hour",
    },
    {
      alert: "LsuBackupTooOld",
      expr: `(time() - lsu_backup_last_timestamp_seconds{${guest}})${join('{status!="offboarding"}')} > on(id) group_left() lsu_vm_backup_max_age_seconds`,
      for: "30m",
      severity: "warning",
      summary:
        "the newest backup of {{ $labels.vm }} ({{ $labels.customer }}) is {{ $value | humanizeDuration }} old",
      threshold: "newest backup older than the package's schedule allows (26 h daily, 3 h hourly)",
    },
    {
      alert: "LsuBackupNone",
      expr: '(lsu_vm_info{status!="offboarding"} unless on(id) lsu_backup_last_timestamp_seconds) and on() (max(lsu_pve_backups_up) == 1)',
      for: "27h",
      severity: "warning",
      summary: "{{ $labels.vm }} ({{ $labels.id }}) of {{ $labels.customer }} has no backup at all",
      threshold: "no backup of a planned VM for 27 hours while the backup listing works",
    },
    {
      alert: "LsuBackupListingFailed",
      expr: "lsu_pve_backups_up == 0",
      for: "1h",
      severity: "warning",
      summary: "the Proxmox API does not list the backups ({{ $labels.instance }})",
      threshold: "the backup listing failing for an hour (backup ages unknown)",
    },
    {
      alert: "LsuBackupStuck",
      expr: `(pve_lock_state{${guest},state="backup"} == 1)${join()}`,
      for: "6h",
      severity: "warning",
      summary:
        "a backup of {{ $labels.vm }} ({{ $labels.customer }}) has held its lock for 6 hours",
      threshold: "backup lock held for 6 hours",
    },
    {
      alert: "LsuCertificateExpiring",
      expr: `lsu_edge_certificate_not_after_seconds - time() < ${t.certificateDays * 86400}`,
      for: "1h",
      severity: "warning",
      summary:
        "the certificate {{ $labels.certificate }} on the edge expires in {{ $value | humanizeDuration }}",
      threshold: `an edge certificate within ${t.certificateDays} days of expiry (certbot renews at 30)`,
    },
    {
      alert: "LsuFirewallDropSpike",
      expr: `rate(lsu_edge_dropped_packets_total[5m]) * 60 > ${t.dropsPerMinute}`,
      for: "10m",
      severity: "warning",
      summary:
        "the edge drops {{ $value | humanize }} packets/minute from {{ $labels.customer }} ({{ $labels.bridge }})",
      threshold: `more than ${t.dropsPerMinute} LSU-DROP packets per minute for 10 minutes`,
    },
    {
      alert: "LsuHostCapacityHigh",
      expr: `pve_memory_usage_bytes{id=~"node/.+"} / pve_memory_size_bytes{id=~"node/.+"} * 100 > ${t.capacityPercent}`,
      for: "30m",
      severity: "warning",
      summary: "Proxmox node {{ $labels.id }} uses {{ $value | humanize }} % of its RAM",
      threshold: `the host's RAM above the capacity warning line (${t.capacityPercent} %) for 30 minutes`,
    },
    {
      alert: "LsuPlannedCapacityHigh",
      expr: `lsu_planned_capacity_percent >= ${t.capacityPercent}`,
      for: "1h",
      severity: "info",
      summary: "the customer files plan {{ $value }} % of the host's {{ $labels.resource }}",
      threshold: `planned demand at or above ${t.capacityPercent} % (hosting:capacity.warnAtPercent)`,
    },
    {
      alert: "LsuNodeExporterDown",
      expr: 'up{job="node"} == 0',
      for: "5m",
      severity: "warning",
      summary: "the node exporter on {{ $labels.host }} does not answer",
      threshold: "5 minutes of failed scrapes",
    },
    {
      alert: "LsuTextfileStale",
      expr: "time() - node_textfile_mtime_seconds > 900 or node_textfile_scrape_error == 1",
      for: "15m",
      severity: "warning",
      summary: "the textfile metrics on {{ $labels.host }} are stale or unreadable",
      threshold: "a textfile older than 15 minutes, or one that does not parse",
    },
  ];
}

export function renderAlertRules(settings: MonitoringSettings): string {
  const rules = alertSpecs(settings).map((a) => ({
    alert: a.alert,
    expr: a.expr,
    for: a.for,
    labels: { severity: a.severity },
    annotations: { summary: a.summary, threshold: a.threshold },
  }));
  return yaml({ groups: [{ name: "lsu-alerts", rules }] });
}
