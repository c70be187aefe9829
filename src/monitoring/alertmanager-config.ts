import { stringify } from "yaml";
import type { MonitoringSettings } from "./settings.js";

/** Stands in for the Discord webhook wherever a file is shown rather than deployed (plan --render). */
export const WEBHOOK_PLACEHOLDER = "https://discord.com/api/webhooks/0/redacted-see-pulumi-secret";

/** A Discord webhook URL as Discord issues it; anything else is refused before it reaches a file. */
export const DISCORD_WEBHOOK =
  /^https:\/\/(discord\.com|discordapp\.com)\/api\/webhooks\/\d{1,25}\/[A-Za-z0-9_-]{1,100}$/;

export function isDiscordWebhook(url: string): boolean {
  return DISCORD_WEBHOOK.test(url);
}

/**
 * alertmanager.yml: every alert to the admin e-mail; with a Discord webhook, warning and critical
 * alerts to Discord too. The webhook is inlined (Alertmanager 0.25 has no webhook_url_file), so the
 * file is 0640 and its content travels only on stdin, as a Pulumi secret. Pure.
 */
export function renderAlertmanagerConfig(
  settings: MonitoringSettings,
  adminEmail: string,
  discordWebhook: string | undefined,
): string {
  if (discordWebhook !== undefined && !isDiscordWebhook(discordWebhook))
    throw new Error(
      "hosting:monitoringDiscordWebhook must be https://discord.com/api/webhooks/<id>/<token>",
    );
  const doc = {
    global: {
      smtp_smarthost: settings.smtp.smarthost,
      smtp_from: settings.smtp.from,
      smtp_require_tls: settings.smtp.requireTls,
    },
    route: {
      receiver: "admin-email",
      group_by: ["alertname", "customer"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: discordWebhook
        ? [
            {
              receiver: "discord",
              matchers: ['severity=~"critical|warning"'],
              continue: true,
            },
            { receiver: "admin-email" },
          ]
        : [],
    },
    receivers: [
      { name: "admin-email", email_configs: [{ to: adminEmail, send_resolved: true }] },
      ...(discordWebhook
        ? [
            {
              name: "discord",
              discord_configs: [{ webhook_url: discordWebhook, send_resolved: true }],
            },
          ]
        : []),
    ],
    inhibit_rules: [
      {
        source_matchers: ['alertname=~"LsuPveExporterDown|LsuPveNodeDown"'],
        target_matchers: ['alertname=~"LsuVm.*|LsuBackup.*"'],
      },
    ],
  };
  return `# Managed by LightSpeedUp (Pulumi). Do not edit.\n${stringify(doc, { lineWidth: 0 })}`;
}
