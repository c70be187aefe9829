import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "yaml";
import type { PathSegment } from "../model/issues.js";
import { parseYamlSource } from "../model/yaml-source.js";

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

/** Where a `hosting:*` value (or a field inside it) is written: the file and, when known, the line. */
export type ConfigLocator = (path: readonly PathSegment[]) => { file: string; line?: number };

/**
 * Finds `hosting:<key>` fields in the stack file, then in Pulumi.yaml (`value:` of a default), so a
 * config error names the file and line the operator has to edit. A key in neither file (an
 * override, a missing key) is reported against the stack file without a line.
 */
export function configLocator(projectDir: string, stack: string): ConfigLocator {
  const stackName = `Pulumi.${stack}.yaml`;
  const read = (name: string) => {
    const path = join(projectDir, name);
    return existsSync(path) ? parseYamlSource(readFileSync(path, "utf8")) : undefined;
  };
  const sources = [
    { file: stackName, source: read(stackName) },
    { file: "Pulumi.yaml", source: read("Pulumi.yaml") },
  ];
  return (path) => {
    const [key, ...rest] = path;
    const name = `hosting:${String(key)}`;
    for (const { file, source } of sources) {
      const config = (source?.data as { config?: Record<string, unknown> } | null)?.config;
      if (!source || !config || typeof config !== "object" || !(name in config)) continue;
      // Pulumi.yaml may wrap a default as { value: … } or { default: … }.
      const decl = config[name];
      const wrapper =
        file === "Pulumi.yaml" && decl && typeof decl === "object" && !Array.isArray(decl)
          ? (["value", "default"] as const).find((w) => w in decl)
          : undefined;
      const inner = wrapper === undefined ? rest : [wrapper, ...rest];
      return { file, line: source.lineOf(["config", name, ...inner]) };
    }
    return { file: stackName };
  };
}
