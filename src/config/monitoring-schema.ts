import { z } from "zod";
import { strictObject } from "../model/strict.js";

/**
 * `hosting:monitoring` (docs/monitoring.md): where the monitoring host is and what it writes. Every
 * field is optional; src/monitoring/settings.ts fills the defaults (the edge's SSH settings, Debian's
 * paths, the admin e-mail). Values reach scripts and YAML files, so they are validated narrowly.
 */
const absolutePath = z
  .string()
  .regex(/^(\/[A-Za-z0-9._-]+)+$/, {
    error: "must be an absolute path of letters, digits, '.', '_', '-' and '/'",
  })
  .refine((p) => !p.split("/").some((s) => s === "." || s === ".."), {
    error: "must not contain '.' or '..' segments",
  });
const hostPort = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}:\d{1,5}$/, {
  error: "must be IPv4:port such as 127.0.0.1:9221",
});
const percent = z.number().min(1).max(100);

export const monitoringConfigSchema = strictObject({
  ssh: strictObject({
    host: z.string().regex(/^(\d{1,3}\.){3}\d{1,3}$/, { error: "must be an IPv4 address" }),
    port: z.int().min(1).max(65535),
    user: z.string().regex(/^[a-z_][a-z0-9_-]{0,31}$/, { error: "must be a Linux user name" }),
    hostKey: z.string().regex(/^(ssh-ed25519|ecdsa-sha2-nistp256|ssh-rsa) [A-Za-z0-9+/]+={0,3}$/, {
      error: 'must be the monitoring host\'s public host key "<type> <base64>"',
    }),
  })
    .optional()
    .describe("SSH to the monitoring host; unset = the edge VM (hosting:edgeSsh)"),
  vmId: z.int().min(100).max(999_999_999).optional().describe("VMID of the monitoring host"),
  generation: z
    .int()
    .min(1)
    .optional()
    .describe(
      "bump after rebuilding a separate monitoring host to re-run its commands; unset = hosting:edge.generation",
    ),
  pveExporter: hostPort.optional().describe("where prometheus-pve-exporter listens"),
  pveTarget: z
    .string()
    .regex(/^(\d{1,3}\.){3}\d{1,3}$/, { error: "must be the PVE host's IPv4 address" })
    .optional(),
  pveExporterInstall: strictObject({
    version: z
      .string()
      .regex(/^\d{1,3}\.\d{1,3}\.\d{1,3}$/, { error: "must be a version such as 3.10.2" })
      .optional(),
    indexUrl: z
      .string()
      .regex(/^(https:\/\/[a-z0-9.-]{1,253}(:\d{1,5})?|file:\/\/)(\/[A-Za-z0-9._~-]+)*\/?$/, {
        error:
          "must be an https:// (or file://) URL of a Python package index, such as https://pypi.org/simple",
      })
      .optional(),
  })
    .optional()
    .describe(
      "the Proxmox exporter that monitoring-pve-exporter installs once hosting:monitoringPveToken is set",
    ),
  edgeNodeExporter: hostPort
    .optional()
    .describe("the edge's node exporter as Prometheus reaches it"),
  retention: z
    .string()
    .regex(/^[1-9][0-9]{0,3}[dhwy]$/, { error: "must be a duration such as 90d" })
    .optional(),
  grafanaDashboardsDir: absolutePath.optional(),
  grafanaProvisioningDir: absolutePath.optional(),
  healthJson: absolutePath.optional().describe("where health.json is written for health.php"),
  report: strictObject({
    schedule: z
      .string()
      .regex(/^[A-Za-z0-9*:,./~ -]{1,64}$/, { error: "must be a systemd calendar event" })
      .optional(),
    mailTo: z.email({ error: "must be an e-mail address" }).optional(),
    enabled: z.boolean().optional(),
  }).optional(),
  smtp: strictObject({
    smarthost: z.string().regex(/^[a-z0-9.-]{1,253}:\d{1,5}$/, {
      error: "must be host:port such as localhost:25",
    }),
    from: z.email({ error: "must be an e-mail address" }),
    requireTls: z.boolean(),
  }).optional(),
  thresholds: strictObject({
    cpuPercent: percent.optional(),
    memoryPercent: percent.optional(),
    diskPercent: percent.optional(),
    bridgeMbps: z.number().min(1).max(100_000).optional(),
    dropsPerMinute: z.number().min(1).max(1_000_000).optional(),
    certificateDays: z.int().min(1).max(60).optional(),
  }).optional(),
});

export type MonitoringConfig = z.infer<typeof monitoringConfigSchema>;
