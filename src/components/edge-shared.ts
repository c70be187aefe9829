import type * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { netBaseCommand } from "../edge/network/scripts.js";
import type { EdgeNetContext } from "../edge/network/specs.js";
import type { EdgePaths } from "../edge/paths.js";
import { sharedCommand } from "../edge/scripts/shared-script.js";
import { edgeCommand } from "./edge-command.js";

export interface EdgeSharedArgs {
  connection: command.types.input.remote.ConnectionArgs;
  paths: EdgePaths;
  /** hosting:edge.generation: bumped after VM120 is rebuilt, to re-run every edge command */
  generation: number;
  net: EdgeNetContext;
}

/**
 * What every edge command builds on: the project-owned nginx files (conf.d defaults, real IP,
 * catch-all) and the base chains, forwarding, restore script and boot unit of the edge's rules.
 */
export class EdgeShared extends pulumi.ComponentResource {
  public readonly command: command.remote.Command;
  public readonly netBase: command.remote.Command;

  constructor(name: string, args: EdgeSharedArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lightspeedup:hosting:EdgeShared", name, {}, opts);
    this.command = edgeCommand("edge-shared", sharedCommand(args.paths), args, { parent: this });
    this.netBase = edgeCommand("edge-net-base", netBaseCommand(args.net, args.paths), args, {
      parent: this,
    });
    this.registerOutputs({ stdout: this.command.stdout });
  }
}
