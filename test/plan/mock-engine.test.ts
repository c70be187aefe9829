import { describe, expect, it } from "vitest";
import { readableValue } from "../../src/plan/mock-engine.js";
import { examples, find, runPlan, T } from "../helpers/plan.js";

describe("the recorder", () => {
  it("shows secrets, unknowns and resource references readably, revealing secrets on request", () => {
    const wire = {
      token: { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "s" },
      ref: { "4dabf18193072939515e22adb298388d": "5cf8f73096256a8f31e491e813e4eb8e", urn: "u" },
      list: ["04da6b54-80e4-46f7-96ec-b56ff0331ba9", 1],
    };
    expect(readableValue(wire)).toEqual({ token: "[secret]", ref: "u", list: ["[unknown]", 1] });
    expect(readableValue(wire, true)).toMatchObject({ token: "s" });
  });

  it("converts inputs once, on first read, and keeps both views as plain properties", async () => {
    const plan = await runPlan(examples("customers"));
    const provider = find(plan.resources, T.provider, "proxmoxve");
    expect(Object.keys(provider)).toEqual(expect.arrayContaining(["inputs", "revealedInputs"]));
    expect(provider.inputs).toBe(provider.inputs);
    expect(provider.inputs.apiToken).toBe("[secret]");
    expect(provider.revealedInputs.apiToken).not.toBe("[secret]");
    expect({ ...provider }.inputs).toEqual(provider.inputs);
    expect(JSON.parse(JSON.stringify(provider)).inputs).toEqual(provider.inputs);
  });
});
