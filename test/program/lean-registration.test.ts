import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { evaluatePlan } from "../../src/plan/evaluate-plan.js";
import type { RecordedResource } from "../../src/plan/mock-engine.js";
import { leanProperties, OUTPUTS_READ } from "../../src/resources/lean-registration.js";
import { PROJECT_DIR } from "../helpers/fixtures.js";
import { examples } from "../helpers/plan.js";

/** Every Output inside `value` replaced by its value. */
function resolved(value: unknown): Promise<unknown> {
  return new Promise((resolve) => pulumi.output(value as object).apply(resolve));
}

const evaluate = (set: "customers" | "edge-cases", lean: boolean) =>
  evaluatePlan({
    projectDir: PROJECT_DIR,
    stack: "beta",
    customersDir: examples(set),
    declare: { lean },
  });

describe("lean registrations", () => {
  it.each(["customers", "edge-cases"] as const)(
    "send the engine the same registrations and give the same stack outputs (%s)",
    async (set) => {
      const full = await evaluate(set, false);
      const fullOutputs = await resolved(full.outputs);
      const lean = await evaluate(set, true);
      // fewer awaits per registration: the order in which registrations complete may differ
      const byUrn = (rs: RecordedResource[]) => [...rs].sort((a, b) => a.urn.localeCompare(b.urn));
      expect(lean.resources.length).toBeGreaterThan(40);
      expect(byUrn(lean.resources)).toEqual(byUrn(full.resources));
      expect(byUrn(lean.resources).map((r) => r.revealedInputs)).toEqual(
        byUrn(full.resources).map((r) => r.revealedInputs),
      );
      expect(await resolved(lean.outputs)).toEqual(fullOutputs);
    },
  );

  it("keep every property with a value and the outputs the program reads, nothing else", () => {
    const secret = pulumi.secret("key");
    expect(
      leanProperties("command:remote:Command", {
        create: "true",
        connection: { privateKey: secret },
        triggers: [1],
        delete: undefined,
        stdout: undefined,
        stderr: undefined,
      }),
    ).toEqual({
      create: "true",
      connection: { privateKey: secret },
      triggers: [1],
      stdout: undefined,
    });
    expect(
      Object.keys(
        leanProperties("proxmoxve:index/vmLegacy:VmLegacy", {
          vmId: 151,
          started: false,
          ipv4Addresses: undefined,
        }),
      ),
    ).toEqual(["vmId", "started"]);
    expect(OUTPUTS_READ["command:remote:Command"]).toEqual(["stdout"]);
  });
});
