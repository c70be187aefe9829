import { describe, expect, it } from "vitest";
import { bashCommand } from "../../src/edge/connection.js";
import { DEBIAN_EDGE_PATHS } from "../../src/edge/paths.js";
import { edgeUnits } from "../../src/edge/units/edge-units.js";
import type { UnitNeed } from "../../src/remote/unit.js";
import { examples, runPlan } from "../helpers/plan.js";

const CMD = "command:remote:Command";

/** The resource name a need resolves to (children are named by VMID, bridge and hostname). */
const needName = (need: UnitNeed): string => {
  switch (need.kind) {
    case "unit":
      return need.name;
    case "vm":
      return `vm-${need.vmid}`;
    case "edgeNic":
      return `edge-nic-${need.bridgeNumber}`;
    case "dnsRecord":
      return `dns-${need.hostname}`;
  }
};
const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);

describe.each(["customers", "edge-cases"] as const)(
  "the edge's commands under the mock engine (examples/%s)",
  (set) => {
    it("are exactly the edge units: names, scripts, stdin, triggers and dependencies", async () => {
      const evaluation = await runPlan(examples(set));
      const plan = evaluation.analysis.plan;
      if (!plan) throw new Error("the example plan is invalid");
      const units = edgeUnits(plan, DEBIAN_EDGE_PATHS);
      // the monitoring units are tested in test/monitoring/program.test.ts
      const commands = evaluation.resources.filter(
        (r) => r.type === CMD && !r.name.startsWith("monitoring-"),
      );

      expect(commands.map((c) => c.name).sort()).toEqual(units.map((u) => u.name).sort());
      for (const unit of units) {
        const cmd = commands.find((c) => c.name === unit.name);
        expect(cmd?.inputs, unit.name).toMatchObject({
          create: bashCommand(unit.apply),
          update: bashCommand(unit.apply),
          delete: bashCommand(unit.delete),
          stdin: unit.stdin,
          triggers: [plan.config.edge.generation],
          addPreviousOutputInEnv: false,
        });
        expect(cmd?.inputs).not.toHaveProperty("environment");
        expect(cmd?.options.deleteBeforeReplace, unit.name).toBe(true);
        const declared = (cmd?.options.dependsOn ?? []).map(nameOf).sort();
        expect(declared, unit.name).toEqual(unit.needs.map(needName).sort());
      }
    });
  },
);
