import type { HostingConfig } from "../../src/config/schema.js";
import { formatIssue, type PlanIssue, sortIssues } from "../../src/model/issues.js";
import { loadCustomers } from "../../src/model/load-customers.js";
import { validateCustomers } from "../../src/model/validate-customers.js";
import { betaConfig, customersDir } from "./fixtures.js";

/** Loads and validates the given customer files; returns every issue with the folder stripped. */
export function problems(
  files: Record<string, string>,
  config: HostingConfig = betaConfig(),
): PlanIssue[] {
  const dir = customersDir(files);
  const loaded = loadCustomers(dir);
  const issues = [...loaded.issues, ...validateCustomers(loaded, config)];
  return sortIssues(issues.map((i) => ({ ...i, file: i.file.slice(dir.length + 1) })));
}

export function problemLines(files: Record<string, string>, config?: HostingConfig): string[] {
  return problems(files, config).map(formatIssue);
}
