import { describe, expect, it } from "vitest";
import { customerSchema } from "../../src/model/customer-schema.js";
import { DEFAULT_TIER, TIER_NAMES, TIERS } from "../../src/tiers/index.js";

describe("the tier table", () => {
  it("has one tier per name, each under its own name", () => {
    expect(Object.keys(TIERS).sort()).toEqual([...TIER_NAMES].sort());
    for (const name of TIER_NAMES) expect(TIERS[name].name).toBe(name);
  });

  it("is where the customer schema's network enum and default come from", () => {
    const network = customerSchema.shape.network.unwrap();
    expect(network.options).toEqual([...TIER_NAMES]);
    expect(
      customerSchema.parse({
        name: "ab",
        contact: "a@b.example",
        vms: [{ vmid: 151, package: "starter" }],
      }).network,
    ).toBe(DEFAULT_TIER);
  });
});
