import * as command from "@pulumi/command";
import type * as pulumi from "@pulumi/pulumi";
import { bashCommand } from "../edge/connection.js";

/** What every edge command needs: where to connect and the edge generation. */
export interface EdgeCommandContext {
  connection: command.types.input.remote.ConnectionArgs;
  generation: number;
}

/**
 * One edge command following the rules of DESIGN §7: the same idempotent script for create and
 * update, content on stdin, only the edge generation as trigger (with delete-before-replace), no
 * environment variables.
 */
export function edgeCommand(
  name: string,
  script: { apply: string; delete: string; stdin: string },
  edge: EdgeCommandContext,
  opts: pulumi.CustomResourceOptions,
): command.remote.Command {
  return new command.remote.Command(
    name,
    {
      connection: edge.connection,
      create: bashCommand(script.apply),
      update: bashCommand(script.apply),
      delete: bashCommand(script.delete),
      stdin: script.stdin,
      triggers: [edge.generation],
      addPreviousOutputInEnv: false,
    },
    { ...opts, deleteBeforeReplace: true },
  );
}
