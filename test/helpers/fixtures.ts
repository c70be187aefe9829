import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeHostingConfig } from "../../src/config/decode.js";
import type { HostingConfig } from "../../src/config/schema.js";
import { loadStackConfig } from "../../src/config/stack-files.js";
import { validateHostingConfig } from "../../src/config/validate-config.js";

export const PROJECT_DIR = join(__dirname, "..", "..");

/** The beta stack's hosting:* values, decoded as the program decodes them. */
export function betaConfigValues(): Record<string, unknown> {
  const stack = loadStackConfig(PROJECT_DIR, "beta");
  return decodeHostingConfig(stack.config);
}

export function betaConfig(overrides: Partial<HostingConfig> = {}): HostingConfig {
  const result = validateHostingConfig({ ...betaConfigValues(), ...overrides }, "Pulumi.beta.yaml");
  if (!result.config)
    throw new Error(result.issues.map((i) => `${i.path}: ${i.message}`).join("\n"));
  return result.config;
}

/** Writes customer files (file name → YAML text) into a fresh temporary folder. */
export function customersDir(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "lsu-customers-"));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

export const KEY_A =
  "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJzbWwkO4DgFhpDT0zvlTY/S0yx9Bd6rHEQZs0H0WdUW ops@example";

/** A minimal valid community customer file. */
export function communityFile(name: string, vmid: number, extra = ""): string {
  return `name: ${name}\ncontact: ops@${name}.example\nvms:\n  - vmid: ${vmid}\n    package: starter\n${extra}`;
}

export function isolatedFile(name: string, vmid: number, bridge: number, extra = ""): string {
  return `name: ${name}\ncontact: ops@${name}.example\nnetwork: isolated\nbridge: vmbr${bridge}\nvms:\n  - vmid: ${vmid}\n    package: business\n    address: 10\n${extra}`;
}
