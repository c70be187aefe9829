import { BACKUP_MAX_AGE_HOURS } from "../../catalog/bandwidth.js";
import type { PackageName } from "../../catalog/packages.js";
import type { ReportData, VmUsage } from "./collect.js";

/** The report as sections of tables; Markdown and HTML render the same document. Pure. */
export interface Cell {
  text: string;
  /** 0..1: drawn as a small bar next to the text */
  bar?: number;
}
export interface Section {
  title: string;
  intro?: string;
  headers: string[];
  rows: Cell[][];
  empty: string;
}
export interface ReportDocument {
  title: string;
  subtitle: string;
  sections: Section[];
}

export const bytes = (n: number | undefined): string => {
  if (n === undefined || Number.isNaN(n)) return "–";
  const units = ["B", "KB", "MB", "GB", "TB", "PB"];
  let v = n;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${v.toFixed(i === 0 ? 0 : 1)} ${units[i]}`;
};
const pct = (r: number | undefined) =>
  r === undefined || Number.isNaN(r) ? "–" : `${(r * 100).toFixed(1)} %`;
const duration = (s: number | undefined) => {
  if (s === undefined || Number.isNaN(s)) return "–";
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  return d > 0 ? `${d}d ${h}h` : h > 0 ? `${h}h ${m}m` : `${m}m`;
};
const clamp = (x: number) => Math.max(0, Math.min(1, x));
const c = (text: string, bar?: number): Cell =>
  bar === undefined ? { text } : { text, bar: clamp(bar) };

function usage(v: VmUsage): Cell {
  if (v.txBytes === undefined || !v.allowanceBytes) return c("–");
  const ratio = v.txBytes / v.allowanceBytes;
  return c(`${(ratio * 100).toFixed(1)} % of ${bytes(v.allowanceBytes)}`, ratio);
}

function backupState(v: VmUsage): string {
  if (v.notBackedUp) return "in no backup job";
  if (v.backupAgeSeconds === undefined) return "no data";
  const max = (BACKUP_MAX_AGE_HOURS[v.package as PackageName] ?? 26) * 3600;
  return v.backupAgeSeconds > max ? "too old" : "ok";
}

export function reportDocument(data: ReportData): ReportDocument {
  const when = new Date(data.time * 1000).toISOString().replace(/\.\d+Z$/, "Z");
  const customers = [...new Set(data.vms.map((v) => v.customer))];
  const perCustomer: Section[] = customers.map((name) => {
    const vms = data.vms.filter((v) => v.customer === name);
    return {
      title: `Customer ${name}`,
      intro: `${vms[0]?.tier ?? ""} on ${vms[0]?.bridge ?? ""}, ${vms[0]?.status ?? ""}`,
      headers: [
        "VM",
        "package",
        "CPU avg",
        "RAM max",
        "out",
        "in",
        "out vs allowance",
        "disk read",
        "disk written",
        "available",
        "uptime",
      ],
      rows: vms.map((v) => [
        c(`${v.vm} (${v.vmid})`),
        c(v.package),
        c(pct(v.cpuAvg), v.cpuAvg),
        c(pct(v.memoryMaxRatio), v.memoryMaxRatio),
        c(bytes(v.txBytes)),
        c(bytes(v.rxBytes)),
        usage(v),
        c(bytes(v.diskReadBytes)),
        c(bytes(v.diskWrittenBytes)),
        c(pct(v.availability)),
        c(duration(v.uptimeSeconds)),
      ]),
      empty: "no VMs",
    };
  });
  const bridges = [...new Set(data.vms.map((v) => v.bridge))].sort();
  const bridgeOut = bridges.map((b) =>
    data.vms.filter((v) => v.bridge === b).reduce((s, v) => s + (v.txBytes ?? 0), 0),
  );
  const maxOut = Math.max(1, ...bridgeOut);
  const tiers = Object.entries(data.customersPerTier);
  const totalCustomers = tiers.reduce((s, [, n]) => s + n, 0);
  return {
    title: "LightSpeedUp daily report",
    subtitle: `${data.since} up to ${when}: ${data.vms.length} VMs of ${totalCustomers} customers, ${data.alerts.length} alert(s) fired`,
    sections: [
      {
        title: "Customers per tier",
        headers: ["tier", "customers"],
        rows: tiers.map(([t, n]) => [c(t), c(String(n), n / Math.max(1, totalCustomers))]),
        empty: "no customers",
      },
      {
        title: "Bridges",
        headers: ["bridge", "VMs", "out", "in"],
        rows: bridges.map((b, i) => [
          c(b),
          c(String(data.vms.filter((v) => v.bridge === b).length)),
          c(bytes(bridgeOut[i]), bridgeOut[i] / maxOut),
          c(
            bytes(data.vms.filter((v) => v.bridge === b).reduce((s, v) => s + (v.rxBytes ?? 0), 0)),
          ),
        ]),
        empty: "no bridges",
      },
      {
        title: "Alerts fired",
        headers: ["alert", "severity", "customer", "subject"],
        rows: data.alerts.map((a) => [
          c(a.alertname),
          c(a.severity),
          c(a.customer ?? "–"),
          c(a.subject),
        ]),
        empty: "none",
      },
      {
        title: "Backups",
        headers: ["VM", "customer", "newest backup", "state"],
        rows: data.vms
          .filter((v) => v.status !== "offboarding")
          .map((v) => [
            c(`${v.vm} (${v.vmid})`),
            c(v.customer),
            c(v.backupAgeSeconds === undefined ? "–" : `${duration(v.backupAgeSeconds)} ago`),
            c(backupState(v)),
          ]),
        empty: "no VMs",
      },
      {
        title: "Certificates to renew (under 30 days)",
        headers: ["certificate", "days left"],
        rows: data.certificates.map((x) => [
          c(x.certificate),
          c(x.daysLeft.toFixed(1), 1 - x.daysLeft / 30),
        ]),
        empty: "none",
      },
      {
        title: "Firewall drops on the edge",
        headers: ["customer", "bridge", "packets dropped"],
        rows: data.drops.map((d) => [c(d.customer), c(d.bridge), c(String(Math.round(d.packets)))]),
        empty: "none",
      },
      {
        title: "Edge networks",
        headers: ["bridge", "direction", "bytes"],
        rows: data.edgeNetworks.map((e) => [c(e.bridge), c(e.direction), c(bytes(e.bytes))]),
        empty: "no data",
      },
      ...perCustomer,
    ],
  };
}
