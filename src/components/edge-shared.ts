import * as command from "@pulumi/command";
import * as pulumi from "@pulumi/pulumi";
import { bashCommand } from "../edge/connection.js";
import type { EdgePaths } from "../edge/paths.js";
import { sharedCommand } from "../edge/scripts/shared-script.js";

export interface EdgeSharedArgs {
  connection: command.types.input.remote.ConnectionArgs;
  paths: EdgePaths;
  /** hosting:edge.generation: bumped after VM120 is rebuilt, to re-run every edge command */
  generation: number;
}

/** The project-owned nginx files every site needs (conf.d defaults, real IP, catch-all). */
export class EdgeShared extends pulumi.ComponentResource {
  public readonly command: command.remote.Command;

  constructor(name: string, args: EdgeSharedArgs, opts?: pulumi.ComponentResourceOptions) {
    super("lightspeedup:hosting:EdgeShared", name, {}, opts);
    const script = sharedCommand(args.paths);
    this.command = new command.remote.Command(
      "edge-shared",
      {
        connection: args.connection,
        create: bashCommand(script.apply),
        update: bashCommand(script.apply),
        delete: bashCommand(script.delete),
        stdin: script.stdin,
        triggers: [args.generation],
        addPreviousOutputInEnv: false,
      },
      { parent: this, deleteBeforeReplace: true },
    );
    this.registerOutputs({ stdout: this.command.stdout });
  }
}
