import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../plan/mock-engine.js";

/**
 * The benchmark's floors: the plan's own registrations declared again with none of the program
 * around them. Each custom resource keeps its type, name and inputs (as plain values, secrets
 * revealed), each component is empty. The bare floor drops parents and dependencies; the tree
 * floor keeps them (they make the URNs and the engine's order, so the plan cannot drop them).
 * What the plan takes beyond the tree floor is the project's own work: loading and validating the
 * customers, rendering every file, the components' wiring and the outputs flowing between them.
 */
export interface ReplayedRegistration {
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, unknown>;
  urn: string;
  parentUrn: string;
  dependsOn: string[];
}

/** The registrations in the order the plan sent them (a parent before its children). */
export function replayOf(resources: RecordedResource[]): ReplayedRegistration[] {
  return resources
    .filter((r) => !r.type.startsWith("pulumi:providers:"))
    .map((r) => ({
      type: r.type,
      name: r.name,
      custom: r.custom,
      inputs: r.custom ? (r.revealedInputs as Record<string, unknown>) : {},
      urn: r.urn,
      parentUrn: r.parentUrn,
      dependsOn: r.options.dependsOn,
    }));
}

class ReplayedResource extends pulumi.CustomResource {
  constructor(
    type: string,
    name: string,
    inputs: Record<string, unknown>,
    opts: pulumi.CustomResourceOptions,
  ) {
    super(type, name, inputs, opts);
  }
}

class ReplayedComponent extends pulumi.ComponentResource {
  constructor(type: string, name: string, opts: pulumi.ComponentResourceOptions) {
    super(type, name, {}, opts);
    this.registerOutputs({});
  }
}

/**
 * Declares the replay, yielding to the event loop every `batch` resources as the plan does once
 * per customer. With `tree`, each resource gets its recorded parent and dependencies.
 */
export async function declareReplay(
  replay: ReplayedRegistration[],
  batch: number,
  tree: boolean,
): Promise<void> {
  const byUrn = new Map<string, pulumi.Resource>();
  let declared = 0;
  for (const r of replay) {
    const opts = tree
      ? {
          parent: byUrn.get(r.parentUrn),
          dependsOn: r.dependsOn.flatMap((urn) => byUrn.get(urn) ?? []),
        }
      : {};
    const resource = r.custom
      ? new ReplayedResource(r.type, r.name, r.inputs, opts)
      : new ReplayedComponent(r.type, r.name, opts);
    if (tree) byUrn.set(r.urn, resource);
    if (++declared % batch === 0) await new Promise((resolve) => setImmediate(resolve));
  }
}
