import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { bashCommand, edgeConnection } from "../edge/connection.js";
import type { HostingPlan } from "../model/analyze.js";
import { WEBHOOK_PLACEHOLDER } from "../monitoring/alertmanager-config.js";
import { DEBIAN_MONITORING_PATHS } from "../monitoring/paths.js";
import { monitoringSettings } from "../monitoring/settings.js";
import { monitoringUnits } from "../monitoring/units.js";
import type { RemoteUnit } from "../remote/unit.js";

type Connection = command.types.input.remote.ConnectionArgs;

export interface MonitoringHostArgs {
  plan: HostingPlan;
  /** SSH to the monitoring host and to the edge (host keys pinned from config) */
  monitoring: Connection;
  edge: Connection;
  generation: number;
  /** hosting:monitoringDiscordWebhook, when set: reaches the host only on stdin, as a secret */
  discordWebhook?: pulumi.Output<string>;
}

/**
 * Monitoring as code (docs/monitoring.md): one remote command per unit of src/monitoring/units.ts
 * on the monitoring host, and the textfile exporter on the edge, with the edge's conventions
 * (DESIGN §7): create = update = the idempotent apply, content on stdin, only the generation as
 * trigger with delete-before-replace, no environment.
 */
export class MonitoringHost extends pulumi.ComponentResource {
  public readonly commands: command.remote.Command[] = [];

  constructor(name: string, args: MonitoringHostArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lightspeedup:hosting:MonitoringHost", name, {}, opts);
    const settings = monitoringSettings(args.plan.config);
    // the scripts do not depend on the webhook; only the alertmanager unit's stdin carries it
    const shown = args.discordWebhook ? WEBHOOK_PLACEHOLDER : undefined;
    const units = monitoringUnits(args.plan, settings, DEBIAN_MONITORING_PATHS, shown);
    const byName = new Map<string, command.remote.Command>();
    const declare = (unit: RemoteUnit, connection: Connection, stdin: pulumi.Input<string>) => {
      const dependsOn = unit.needs.flatMap((n) => {
        const dep = n.kind === "unit" ? byName.get(n.name) : undefined;
        return dep ? [dep] : [];
      });
      const cmd = new command.remote.Command(
        unit.name,
        {
          connection,
          create: bashCommand(unit.apply),
          update: bashCommand(unit.apply),
          delete: bashCommand(unit.delete),
          stdin,
          triggers: [args.generation],
          addPreviousOutputInEnv: false,
        },
        { parent: this, dependsOn, deleteBeforeReplace: true },
      );
      byName.set(unit.name, cmd);
      this.commands.push(cmd);
    };
    for (const unit of units.monitoring) {
      const webhook = args.discordWebhook;
      const stdin =
        unit.name === "monitoring-alertmanager" && webhook
          ? pulumi.secret(
              webhook.apply(
                (w) =>
                  monitoringUnits(args.plan, settings, DEBIAN_MONITORING_PATHS, w).monitoring.find(
                    (u) => u.name === unit.name,
                  )?.stdin ?? "",
              ),
            )
          : unit.stdin;
      declare(unit, args.monitoring, stdin);
    }
    for (const unit of units.edge) declare(unit, args.edge, unit.stdin);
    this.registerOutputs({});
  }
}

/**
 * Declares the monitoring host for a plan: SSH like the edge (its key unless
 * hosting:monitoringSshKey is set), the Discord webhook from hosting:monitoringDiscordWebhook.
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
      generation: plan.config.edge.generation,
      discordWebhook: cfg.getSecret("monitoringDiscordWebhook"),
    },
    opts,
  );
}
