import type * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { EDGE_UNIT_NAMES } from "../edge/units/edge-unit.js";
import { noExternalNeeds, type RemoteCommandSet } from "./remote-commands.js";

export interface EdgeSharedArgs {
  edge: RemoteCommandSet;
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
    this.command = args.edge.declare(EDGE_UNIT_NAMES.shared, this, noExternalNeeds);
    this.netBase = args.edge.declare(EDGE_UNIT_NAMES.netBase, this, noExternalNeeds);
    this.registerOutputs({ stdout: this.command.stdout });
  }
}
