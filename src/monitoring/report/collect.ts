import type { QueryFn, Sample } from "./prometheus-client.js";

/** What the daily report says, read from Prometheus (the labels come from lsu_vm_info). */
export interface VmUsage {
  id: string;
  vmid: number;
  vm: string;
  customer: string;
  package: string;
  tier: string;
  bridge: string;
  status: string;
  cpuAvg?: number;
  memoryMaxRatio?: number;
  txBytes?: number;
  rxBytes?: number;
  diskReadBytes?: number;
  diskWrittenBytes?: number;
  availability?: number;
  uptimeSeconds?: number;
  /** bytes the package's allowance permits over the period */
  allowanceBytes?: number;
  backupAgeSeconds?: number;
  notBackedUp: boolean;
}

export interface ReportData {
  /** Unix seconds */
  time: number;
  since: string;
  periodSeconds: number;
  vms: VmUsage[];
  customersPerTier: Record<string, number>;
  alerts: {
    alertname: string;
    severity: string;
    customer?: string;
    vm?: string;
    subject: string;
  }[];
  certificates: { certificate: string; daysLeft: number }[];
  drops: { customer: string; bridge: string; packets: number }[];
  edgeNetworks: { bridge: string; direction: string; bytes: number }[];
}

const byId = (samples: Sample[]) => new Map(samples.map((s) => [s.metric.id, s.value]));

/** Runs the report's queries over the last `since` (a Prometheus duration such as 24h). */
export async function collectReport(
  query: QueryFn,
  since: string,
  periodSeconds: number,
  time: number,
): Promise<ReportData> {
  const R = `[${since}]`;
  const g = 'id=~"qemu/.+"';
  const [info, cpu, mem, tx, rx, dr, dw, up, uptime, allowance, age, unbacked] = await Promise.all(
    [
      "lsu_vm_info",
      `avg_over_time(pve_cpu_usage_ratio{${g}}${R})`,
      `max_over_time(pve_memory_usage_bytes{${g}}${R}) / max_over_time(pve_memory_size_bytes{${g}}${R})`,
      `increase(pve_network_transmit_bytes_total{${g}}${R})`,
      `increase(pve_network_receive_bytes_total{${g}}${R})`,
      `increase(pve_disk_read_bytes_total{${g}}${R})`,
      `increase(pve_disk_written_bytes_total{${g}}${R})`,
      `avg_over_time(pve_up{${g}}${R})`,
      `pve_uptime_seconds{${g}}`,
      "lsu_vm_bandwidth_allowance_bps",
      `time() - lsu_backup_last_timestamp_seconds{${g}}`,
      `max_over_time(pve_not_backed_up_info{${g}}${R}) == 1`,
    ].map(query),
  );
  const m = {
    cpu: byId(cpu),
    mem: byId(mem),
    tx: byId(tx),
    rx: byId(rx),
    dr: byId(dr),
    dw: byId(dw),
    up: byId(up),
    uptime: byId(uptime),
    allowance: byId(allowance),
    age: byId(age),
    unbacked: byId(unbacked),
  };
  const vms: VmUsage[] = info
    .map(({ metric: l }) => {
      const bps = m.allowance.get(l.id);
      return {
        id: l.id,
        vmid: Number(l.vmid ?? l.id.replace("qemu/", "")),
        vm: l.vm ?? l.id,
        customer: l.customer ?? "",
        package: l.package ?? "",
        tier: l.tier ?? "",
        bridge: l.bridge ?? "",
        status: l.status ?? "",
        cpuAvg: m.cpu.get(l.id),
        memoryMaxRatio: m.mem.get(l.id),
        txBytes: m.tx.get(l.id),
        rxBytes: m.rx.get(l.id),
        diskReadBytes: m.dr.get(l.id),
        diskWrittenBytes: m.dw.get(l.id),
        availability: m.up.get(l.id),
        uptimeSeconds: m.uptime.get(l.id),
        allowanceBytes: bps === undefined ? undefined : (bps / 8) * periodSeconds,
        backupAgeSeconds: m.age.get(l.id),
        notBackedUp: m.unbacked.has(l.id),
      };
    })
    .sort((a, b) => a.customer.localeCompare(b.customer) || a.vmid - b.vmid);
  const tiers = new Map<string, Set<string>>();
  for (const v of vms) tiers.set(v.tier, (tiers.get(v.tier) ?? new Set()).add(v.customer));
  const [alerts, certs, drops, edge] = await Promise.all(
    [
      `max_over_time(ALERTS{alertstate="firing"}${R})`,
      "(lsu_edge_certificate_not_after_seconds - time()) / 86400 < 30",
      `increase(lsu_edge_dropped_packets_total${R}) > 0`,
      `sum by (bridge, direction) (increase(lsu_edge_network_bytes_total${R}))`,
    ].map(query),
  );
  return {
    time,
    since,
    periodSeconds,
    vms,
    customersPerTier: Object.fromEntries([...tiers].map(([t, cs]) => [t, cs.size]).sort()),
    alerts: alerts
      .map(({ metric: l }) => ({
        alertname: l.alertname ?? "",
        severity: l.severity ?? "",
        customer: l.customer,
        vm: l.vm,
        subject: l.vm ?? l.bridge ?? l.certificate ?? l.id ?? l.instance ?? "",
      }))
      .sort((a, b) => a.alertname.localeCompare(b.alertname) || a.subject.localeCompare(b.subject)),
    certificates: certs
      .map((s) => ({ certificate: s.metric.certificate ?? "", daysLeft: s.value }))
      .sort((a, b) => a.daysLeft - b.daysLeft),
    drops: drops
      .map((s) => ({
        customer: s.metric.customer ?? "",
        bridge: s.metric.bridge ?? "",
        packets: s.value,
      }))
      .sort((a, b) => b.packets - a.packets),
    edgeNetworks: edge
      .map((s) => ({
        bridge: s.metric.bridge ?? "",
        direction: s.metric.direction ?? "",
        bytes: s.value,
      }))
      .sort((a, b) => a.bridge.localeCompare(b.bridge) || a.direction.localeCompare(b.direction)),
  };
}
