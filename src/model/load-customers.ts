import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import {
  type CustomerFile,
  customerSchema,
  type RetiredFile,
  retiredSchema,
} from "./customer-schema.js";
import { formatPath, type PlanIssue } from "./issues.js";
import { parseYamlSource, type YamlSource } from "./yaml-source.js";
import { describeZodIssues } from "./zod-issues.js";

export interface LoadedCustomer {
  /** path as given to the loader, e.g. customers/acme.yaml */
  file: string;
  source: YamlSource;
  customer: CustomerFile;
}

export interface LoadedCustomers {
  dir: string;
  customers: LoadedCustomer[];
  retired: RetiredFile;
  retiredFile: string;
  retiredSource?: YamlSource;
  /** problems found in single files (syntax, schema); cross-file checks come later */
  issues: PlanIssue[];
}

export const RETIRED_FILE = ".retired.yaml";

/** Reads every `DIR/*.yaml` customer file and `DIR/.retired.yaml`, collecting every problem. */
export function loadCustomers(dir: string): LoadedCustomers {
  const issues: PlanIssue[] = [];
  const customers: LoadedCustomer[] = [];
  const entries = readdirSync(dir).sort();

  for (const entry of entries) {
    const file = join(dir, entry);
    if (entry.startsWith(".")) continue;
    if (entry.endsWith(".yml")) {
      issues.push({
        file,
        path: "",
        message: "customer files must end in .yaml (this file would be ignored)",
      });
      continue;
    }
    if (!entry.endsWith(".yaml")) continue;
    const parsed = parseFile(file, readFileSync(file, "utf8"), customerSchema, issues);
    if (parsed) customers.push({ file, source: parsed.source, customer: parsed.value });
  }

  const retiredFile = join(dir, RETIRED_FILE);
  let retired: RetiredFile = { vmids: [], bridges: [] };
  let retiredSource: YamlSource | undefined;
  if (existsSync(retiredFile)) {
    const text = readFileSync(retiredFile, "utf8");
    // An empty retired list is a valid file: nothing has been offboarded yet.
    const parsed = isBlank(text)
      ? { value: retired, source: parseYamlSource(text) }
      : parseFile(retiredFile, text, retiredSchema, issues);
    if (parsed) {
      retired = parsed.value;
      retiredSource = parsed.source;
    }
  }
  return { dir, customers, retired, retiredFile, retiredSource, issues };
}

function isBlank(text: string): boolean {
  return text.split("\n").every((line) => line.trim() === "" || line.trim().startsWith("#"));
}

function parseFile<S extends z.ZodType>(
  file: string,
  text: string,
  schema: S,
  issues: PlanIssue[],
): { value: z.infer<S>; source: YamlSource } | undefined {
  const source = parseYamlSource(text);
  if (source.syntaxErrors.length > 0) {
    for (const e of source.syntaxErrors) {
      issues.push({ file, path: "", line: e.line, message: `YAML syntax error: ${e.message}` });
    }
    return undefined;
  }
  if (source.data === undefined || source.data === null) {
    issues.push({
      file,
      path: "",
      line: 1,
      message: "the file is empty; a customer file needs at least name, contact and vms",
    });
    return undefined;
  }
  if (typeof source.data !== "object" || Array.isArray(source.data)) {
    issues.push({
      file,
      path: "",
      line: 1,
      message: "must be a YAML mapping of fields (name:, contact:, vms: …)",
    });
    return undefined;
  }
  const result = schema.safeParse(source.data);
  if (!result.success) {
    for (const located of describeZodIssues(result.error, source.data)) {
      issues.push({
        file,
        path: formatPath(located.path),
        line: source.lineOf(located.path),
        message: located.message,
      });
    }
    return undefined;
  }
  return { value: result.data, source };
}
