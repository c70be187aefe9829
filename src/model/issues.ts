/** A problem found in a customer file or the stack config, located precisely enough to fix. */
export interface PlanIssue {
  /** the file, relative to the working directory, e.g. customers/acme.yaml */
  file: string;
  /** the field path, e.g. vms[0].vmid; "" for the whole file */
  path: string;
  /** 1-based line of the field, when the file is YAML we parsed */
  line?: number;
  message: string;
}

export type PathSegment = string | number;

export function formatPath(path: readonly PathSegment[]): string {
  let out = "";
  for (const segment of path) {
    if (typeof segment === "number") out += `[${segment}]`;
    else out += out === "" ? segment : `.${segment}`;
  }
  return out;
}

export function formatIssue(issue: PlanIssue): string {
  const where = issue.line === undefined ? issue.file : `${issue.file}:${issue.line}`;
  return issue.path ? `${where}: ${issue.path}: ${issue.message}` : `${where}: ${issue.message}`;
}

export function sortIssues(issues: PlanIssue[]): PlanIssue[] {
  return [...issues].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      (a.line ?? 0) - (b.line ?? 0) ||
      a.path.localeCompare(b.path) ||
      a.message.localeCompare(b.message),
  );
}
