import { hostingConfigSchema, hostingSecretKeys } from "./schema.js";

/** The namespace of the program's own stack keys. */
export const HOSTING_NAMESPACE = "hosting:";

/**
 * Decodes every `hosting:*` entry of a namespaced config map (as the Pulumi CLI hands config to a
 * program: strings, structured values as JSON text) into plain values keyed without the namespace.
 * Known keys are decoded by their schema type; unknown keys are kept (decoded as JSON when they
 * parse) so that validation refuses them by name instead of silently ignoring a typo.
 */
export function decodeHostingConfig(namespaced: Record<string, string>): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, raw] of Object.entries(namespaced)) {
    if (!name.startsWith(HOSTING_NAMESPACE)) continue;
    const key = name.slice(HOSTING_NAMESPACE.length);
    if ((hostingSecretKeys as readonly string[]).includes(key)) continue; // read by the program
    const schema = (hostingConfigSchema.shape as Record<string, Typed | undefined>)[key];
    values[key] = schema && baseType(schema) === "string" ? raw : parseJson(raw);
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

interface Typed {
  def: { type: string; innerType?: unknown };
}

function baseType(schema: Typed): string {
  const { def } = schema;
  if ((def.type === "optional" || def.type === "default") && def.innerType)
    return baseType(def.innerType as Typed);
  return def.type;
}
