import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";

export interface StackConfig {
  project: string;
  /** namespaced keys → string values, as the Pulumi CLI hands them to a program */
  config: Record<string, string>;
  secretKeys: string[];
  /** the stack file that was read */
  stackFile: string;
}

/** Stands in for an encrypted value when the program runs without the stack's passphrase. */
export const SECRET_PLACEHOLDER = "placeholder-secret-not-decrypted";

/**
 * What the CLI does before running the program: Pulumi.yaml values, then Pulumi.<stack>.yaml.
 * Encrypted (`secure:`) values cannot be read offline, so they become placeholders marked secret.
 */
export function loadStackConfig(projectDir: string, stack: string): StackConfig {
  const project = parse(readFileSync(join(projectDir, "Pulumi.yaml"), "utf8")) as {
    name: string;
    config?: Record<string, unknown>;
  };
  const ns = (key: string) => (key.includes(":") ? key : `${project.name}:${key}`);
  const text = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];

  for (const [key, decl] of Object.entries(project.config ?? {})) {
    if (
      decl &&
      typeof decl === "object" &&
      !Array.isArray(decl) &&
      ("value" in decl || "default" in decl)
    ) {
      const d = decl as { value?: unknown; default?: unknown };
      config[ns(key)] = text("value" in d ? d.value : d.default);
    } else if (!(decl && typeof decl === "object" && "type" in decl)) {
      config[ns(key)] = text(decl);
    }
  }
  const stackFile = join(projectDir, `Pulumi.${stack}.yaml`);
  if (!existsSync(stackFile))
    throw new Error(`no stack file ${stackFile} (known stacks have a Pulumi.<name>.yaml)`);
  const stackValues =
    (parse(readFileSync(stackFile, "utf8")) as { config?: Record<string, unknown> } | null)
      ?.config ?? {};
  for (const [key, value] of Object.entries(stackValues)) {
    if (value && typeof value === "object" && "secure" in value) {
      config[ns(key)] = SECRET_PLACEHOLDER;
      secretKeys.push(ns(key));
    } else {
      config[ns(key)] = text(value);
    }
  }
  return { project: project.name, config, secretKeys, stackFile: `Pulumi.${stack}.yaml` };
}

/** Adds a secret placeholder for each required secret the stack files do not hold (set with --secret). */
export function withPlaceholderSecrets(stack: StackConfig, required: string[]): StackConfig {
  const config = { ...stack.config };
  const secretKeys = [...stack.secretKeys];
  for (const key of required) {
    if (!(key in config)) {
      config[key] = SECRET_PLACEHOLDER;
      secretKeys.push(key);
    }
  }
  return { ...stack, config, secretKeys };
}
