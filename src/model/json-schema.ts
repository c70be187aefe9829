import { z } from "zod";
import { customerSchema } from "./customer-schema.js";

/** The editor's JSON Schema for customer files, generated from the zod schema. */
export function customerJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(customerSchema, {
    io: "input",
    unrepresentable: "any",
  }) as Record<string, unknown>;
  return {
    ...generated,
    $id: "https://lightspeedup.com/schemas/customer.schema.json",
    title: "LightSpeedUp customer",
  };
}

export const CUSTOMER_SCHEMA_FILE = "customers/customer.schema.json";

export function customerJsonSchemaText(): string {
  return `${JSON.stringify(customerJsonSchema(), null, 2)}\n`;
}
