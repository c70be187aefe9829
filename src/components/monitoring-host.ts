import type * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { SECRET_PLACEHOLDER } from "../config/stack-files.js";
import { edgeConnection } from "../edge/connection.js";
import type { HostingPlan } from "../model/analyze.js";
import { WEBHOOK_PLACEHOLDER } from "../monitoring/alertmanager-config.js";
import { DEBIAN_MONITORING_PATHS } from "../monitoring/paths.js";
import { PVE_TOKEN_PLACEHOLDER } from "../monitoring/pve-exporter.js";
import { monitoringSettings } from "../monitoring/settings.js";
import { monitoringUnits, placeholderSecrets } from "../monitoring/units.js";
import type { RemoteUnit } from "../remote/unit.js";
import { noExternalNeeds, RemoteCommandSet } from "./remote-commands.js";

type Connection = command.types.input.remote.ConnectionArgs;

export interface MonitoringHostArgs {
  plan: HostingPlan;
  /** SSH to the monitoring host and to the edge (host keys pinned from config) */
  monitoring: Connection;
  edge: Connection;
  /** the triggers: the monitoring host's generation, and the edge's for its exporter */
  generation: number;
  edgeGeneration: number;
  /** hosting:monitoringDiscordWebhook, when set: reaches the host only on stdin, as a secret */
  discordWebhook?: pulumi.Output<string>;
  /** hosting:monitoringPveToken, when set: the Proxmox exporter is installed with it */
  pveToken?: pulumi.Output<string>;
}

/** The value a plan shows for a secret it cannot decrypt offline. */
const shownIfPlaceholder = (value: string, shown: string) =>
  value === SECRET_PLACEHOLDER ? shown : value;

/**
 * Monitoring as code (docs/monitoring.md): one remote command per unit of src/monitoring/units.ts
 * on the monitoring host, and the textfile exporter on the edge, with the edge's conventions
 * (DESIGN §7): create = update = the idempotent apply, content on stdin, only the generation as
 * trigger with delete-before-replace, no environment. A unit that carries a secret gets its stdin
 * as a secret Output; its scripts are rendered with placeholders (they never contain the secret).
 */
export class MonitoringHost extends pulumi.ComponentResource {
  public readonly commands: command.remote.Command[] = [];

  constructor(name: string, args: MonitoringHostArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lightspeedup:hosting:MonitoringHost", name, {}, opts);
    const settings = monitoringSettings(args.plan.config);
    const shown = placeholderSecrets({
      discord: args.discordWebhook !== undefined,
      pveExporter: args.pveToken !== undefined,
    });
    const units = monitoringUnits(args.plan, settings, DEBIAN_MONITORING_PATHS, shown);
    // The units again with the secrets' values, rendered once for every unit that carries one.
    const withSecrets = pulumi.secret(
      pulumi.all([args.discordWebhook, args.pveToken]).apply(
        ([discordWebhook, pveToken]) =>
          monitoringUnits(args.plan, settings, DEBIAN_MONITORING_PATHS, {
            discordWebhook:
              discordWebhook && shownIfPlaceholder(discordWebhook, WEBHOOK_PLACEHOLDER),
            pveToken: pveToken && shownIfPlaceholder(pveToken, PVE_TOKEN_PLACEHOLDER),
          }).monitoring,
      ),
    );
    const secretStdin = (unitName: string) =>
      withSecrets.apply((all) => all.find((u) => u.name === unitName)?.stdin ?? "");
    const carriesSecret = (unit: RemoteUnit) =>
      (unit.name === "monitoring-alertmanager" && args.discordWebhook !== undefined) ||
      unit.name === "monitoring-pve-exporter";
    const onMonitoring = new RemoteCommandSet({
      connection: args.monitoring,
      generation: args.generation,
      units: units.monitoring,
    });
    const onEdge = new RemoteCommandSet({
      connection: args.edge,
      generation: args.edgeGeneration,
      units: units.edge,
    });
    for (const unit of units.monitoring) {
      const stdin = carriesSecret(unit) ? secretStdin(unit.name) : undefined;
      this.commands.push(onMonitoring.declare(unit.name, this, noExternalNeeds, stdin));
    }
    for (const unit of units.edge)
      this.commands.push(onEdge.declare(unit.name, this, noExternalNeeds));
    this.registerOutputs({});
  }
}

/**
 * Declares the monitoring host for a plan: SSH like the edge (its key unless
 * hosting:monitoringSshKey is set), the Discord webhook from hosting:monitoringDiscordWebhook, the
 * Proxmox exporter's token from hosting:monitoringPveToken.
 */
export function declareMonitoring(
  plan: HostingPlan,
  opts?: pulumi.ComponentResourceOptions,
): MonitoringHost {
  const cfg = new pulumi.Config("hosting");
  const edgeKey = cfg.requireSecret("edgeSshKey");
  const settings = monitoringSettings(plan.config);
  const edge = edgeConnection(plan.config, edgeKey);
  const monitoring = {
    ...edge,
    ...settings.ssh,
    privateKey: cfg.getSecret("monitoringSshKey") ?? edgeKey,
  };
  return new MonitoringHost(
    "monitoring",
    {
      plan,
      monitoring,
      edge,
      generation: settings.generation,
      edgeGeneration: plan.config.edge.generation,
      discordWebhook: cfg.getSecret("monitoringDiscordWebhook"),
      pveToken: cfg.getSecret("monitoringPveToken"),
    },
    opts,
  );
}
