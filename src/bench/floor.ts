import * as pulumi from "@pulumi/pulumi";
import type { RecordedResource } from "../plan/mock-engine.js";

/**
 * The benchmark's floor: the plan's own registrations declared again with none of the program
 * around them — each custom resource with its type, name and inputs as plain values, each
 * component empty, no parents, no dependencies, no secrets. What the plan takes beyond this is
 * the project's (validation, rendering, components' wiring, dependencies); what this takes beyond
 * the baseline is the SDK's cost of registering these inputs, which no program can avoid.
 */
export interface Replay {
  custom: { type: string; name: string; inputs: Record<string, unknown> }[];
  components: { type: string; name: string }[];
}

export function replayOf(resources: RecordedResource[]): Replay {
  return {
    custom: resources
      .filter((r) => r.custom)
      .map((r) => ({
        type: r.type,
        name: r.name,
        inputs: r.revealedInputs as Record<string, unknown>,
      })),
    components: resources.filter((r) => !r.custom).map((r) => ({ type: r.type, name: r.name })),
  };
}

class ReplayedResource extends pulumi.CustomResource {
  constructor(type: string, name: string, inputs: Record<string, unknown>) {
    super(type, name, inputs);
  }
}

class ReplayedComponent extends pulumi.ComponentResource {
  constructor(type: string, name: string) {
    super(type, name, {});
    this.registerOutputs({});
  }
}

/** Declares the replay, yielding to the event loop every `batch` resources as the plan does. */
export async function declareReplay(replay: Replay, batch: number): Promise<void> {
  let declared = 0;
  const pause = async () => {
    if (++declared % batch === 0) await new Promise((resolve) => setImmediate(resolve));
  };
  for (const c of replay.components) {
    new ReplayedComponent(c.type, c.name);
    await pause();
  }
  for (const r of replay.custom) {
    new ReplayedResource(r.type, r.name, r.inputs);
    await pause();
  }
}
