import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CUSTOMER_SCHEMA_FILE, customerJsonSchemaText } from "../../src/model/json-schema.js";
import { PROJECT_DIR } from "../helpers/fixtures.js";

describe("customers/customer.schema.json", () => {
  it("is what the zod schema generates (run `npm run schema` after changing the schema)", () => {
    expect(readFileSync(join(PROJECT_DIR, CUSTOMER_SCHEMA_FILE), "utf8")).toBe(
      customerJsonSchemaText(),
    );
  });

  it("forbids unknown keys and requires name, contact and vms", () => {
    const schema = JSON.parse(customerJsonSchemaText());
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(["name", "contact", "vms"]);
    expect(schema.properties.vms.items.additionalProperties).toBe(false);
    expect(schema.properties.vms.items.properties.package.enum).toEqual([
      "starter",
      "business",
      "enterprise",
    ]);
  });
});
