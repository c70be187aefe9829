import * as command from "@pulumi/command";
import type * as pulumi from "@pulumi/pulumi";
import { bashCommand } from "../edge/connection.js";
import type { RemoteUnit, UnitNeed } from "../remote/unit.js";

export interface RemoteCommandSetArgs {
  connection: command.types.input.remote.ConnectionArgs;
  /** bumped after the host is rebuilt, to re-run every command (the only trigger) */
  generation: number;
  units: readonly RemoteUnit[];
}

/** Resolves a unit's needs outside the host (its VM, NIC, DNS records) to declared resources. */
export type NeedResolver = (need: Exclude<UnitNeed, { kind: "unit" }>) => pulumi.Resource;

/**
 * The units of one SSH-managed host, each declared as one remote command by the component that
 * owns it (so URNs follow the owner), with the rules of DESIGN §7: the same idempotent script for
 * create and update, content on stdin, only the generation as trigger with delete-before-replace,
 * no environment. Needs on other units resolve to the commands already declared.
 */
export class RemoteCommandSet {
  private readonly units: Map<string, RemoteUnit>;
  private readonly commands = new Map<string, command.remote.Command>();

  constructor(private readonly args: RemoteCommandSetArgs) {
    this.units = new Map(args.units.map((u) => [u.name, u]));
  }

  /** `stdin` replaces the unit's own when it carries a secret (a secret Output of the same text). */
  declare(
    name: string,
    parent: pulumi.Resource,
    resolve: NeedResolver,
    stdin: pulumi.Input<string> = this.units.get(name)?.stdin ?? "",
  ): command.remote.Command {
    const unit = this.units.get(name);
    if (!unit) throw new Error(`internal error: no remote unit ${name}`);
    if (this.commands.has(name)) throw new Error(`internal error: unit ${name} declared twice`);
    const dependsOn = unit.needs.map((need) => {
      if (need.kind !== "unit") return resolve(need);
      const before = this.commands.get(need.name);
      if (!before) throw new Error(`internal error: ${name} needs ${need.name}, not declared yet`);
      return before;
    });
    const apply = bashCommand(unit.apply);
    const cmd = new command.remote.Command(
      unit.name,
      {
        connection: this.args.connection,
        create: apply,
        update: apply,
        delete: bashCommand(unit.delete),
        stdin,
        triggers: [this.args.generation],
        addPreviousOutputInEnv: false,
      },
      { parent, dependsOn, deleteBeforeReplace: true },
    );
    this.commands.set(name, cmd);
    return cmd;
  }

  /** Units the program did not declare: must be none once the stack is declared. */
  undeclared(): string[] {
    return [...this.units.keys()].filter((name) => !this.commands.has(name));
  }
}

/** A resolver for components whose units need nothing outside the host. */
export const noExternalNeeds: NeedResolver = (need) => {
  throw new Error(`internal error: unexpected need ${JSON.stringify(need)}`);
};
