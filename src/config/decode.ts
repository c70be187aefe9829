import { hostingConfigKeys, hostingConfigSchema } from "./schema.js";

/**
 * Decodes `hosting:*` values as the Pulumi CLI hands them over (strings; structured values as JSON
 * text) into plain values for the schema. `lookup` gets a key without its namespace.
 */
export function decodeHostingConfig(
  lookup: (key: string) => string | undefined,
): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key of hostingConfigKeys) {
    const raw = lookup(key);
    if (raw === undefined) continue;
    const isText = baseType(hostingConfigSchema.shape[key]) === "string";
    values[key] = isText ? raw : parseJson(raw);
  }
  return values;
}

function parseJson(raw: string): unknown {
  try {
    return JSON.parse(raw);
  } catch {
    return raw; // the schema reports the wrong type with the key's name
  }
}

function baseType(schema: { def: { type: string; innerType?: unknown } }): string {
  const { def } = schema;
  if ((def.type === "optional" || def.type === "default") && def.innerType)
    return baseType(def.innerType as typeof schema);
  return def.type;
}
