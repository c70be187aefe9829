import type { RecordedResource } from "../mock-engine.js";

/** One resource as the diff sees it: identity, owner, inputs and the paths Pulumi ignores. */
export interface DiffResource {
  type: string;
  name: string;
  /** the name of its Customer component ancestor, or null for platform resources */
  customer: string | null;
  inputs: Record<string, unknown>;
  ignoreChanges: string[];
  protect: boolean;
}

export interface ResourceChange {
  kind: "added" | "removed" | "changed";
  type: string;
  name: string;
  customer: string | null;
  /** changed input paths (changed only), e.g. `cpu.cores`, `disks[0].size` */
  paths: string[];
  /** the subset of `paths` that Pulumi ignores on an existing resource (ignoreChanges) */
  ignoredPaths: string[];
}

/** The key a resource is matched by between two plans: its type and its name. */
export const resourceKey = (r: { type: string; name: string }) => `${r.type}::${r.name}`;

/** Turns a mock run's registrations into diff resources (providers' secrets stay "[secret]"). */
export function diffResources(recorded: readonly RecordedResource[]): DiffResource[] {
  const byUrn = new Map(recorded.map((r) => [r.urn, r]));
  const owner = (r: RecordedResource): string | null => {
    for (let c: RecordedResource | undefined = r; c; c = byUrn.get(c.parentUrn)) {
      if (c.type === "lightspeedup:hosting:Customer") return c.name;
    }
    return null;
  };
  return recorded.map((r) => ({
    type: r.type,
    name: r.name,
    customer: owner(r),
    inputs: r.inputs,
    ignoreChanges: r.options.ignoreChanges,
    protect: r.options.protect,
  }));
}

/** Paths at which two JSON-like values differ, most specific first-level-wise; `""` is the root. */
export function changedPaths(before: unknown, after: unknown, path = ""): string[] {
  if (Object.is(before, after)) return [];
  const isObj = (v: unknown): v is Record<string, unknown> =>
    typeof v === "object" && v !== null && !Array.isArray(v);
  if (Array.isArray(before) && Array.isArray(after)) {
    const out: string[] = [];
    for (let i = 0; i < Math.max(before.length, after.length); i++) {
      out.push(...changedPaths(before[i], after[i], `${path}[${i}]`));
    }
    return out;
  }
  if (isObj(before) && isObj(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => changedPaths(before[k], after[k], path ? `${path}.${k}` : k));
  }
  return [path];
}

/** Whether `path` is at or under one of Pulumi's ignoreChanges paths (`clone`, `initialization`). */
export function isIgnored(path: string, ignoreChanges: readonly string[]): boolean {
  return ignoreChanges.some(
    (p) => path === p || path.startsWith(`${p}.`) || path.startsWith(`${p}[`),
  );
}

/** Resources added, removed and changed (inputs) between two plans, in the after plan's order. */
export function diffResourceLists(
  before: readonly DiffResource[],
  after: readonly DiffResource[],
): ResourceChange[] {
  const old = new Map(before.map((r) => [resourceKey(r), r]));
  const now = new Map(after.map((r) => [resourceKey(r), r]));
  const changes: ResourceChange[] = [];
  for (const r of after) {
    const previous = old.get(resourceKey(r));
    const base = { type: r.type, name: r.name, customer: r.customer };
    if (!previous) {
      changes.push({ kind: "added", ...base, paths: [], ignoredPaths: [] });
      continue;
    }
    const paths = changedPaths(previous.inputs, r.inputs);
    if (paths.length > 0) {
      changes.push({
        kind: "changed",
        ...base,
        paths,
        ignoredPaths: paths.filter((p) => isIgnored(p, r.ignoreChanges)),
      });
    }
  }
  for (const r of before) {
    if (!now.has(resourceKey(r))) {
      changes.push({
        kind: "removed",
        type: r.type,
        name: r.name,
        customer: r.customer,
        paths: [],
        ignoredPaths: [],
      });
    }
  }
  return changes;
}
