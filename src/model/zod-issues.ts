import type { z } from "zod";
import type { PathSegment } from "./issues.js";
import { ALLOWED_FIELDS } from "./strict.js";
import { didYouMean } from "./suggest.js";

export interface LocatedZodIssue {
  path: PathSegment[];
  message: string;
}

/** Turns zod issues into field paths and messages that say what is allowed. */
export function describeZodIssues(error: z.ZodError, input: unknown): LocatedZodIssue[] {
  const out: LocatedZodIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") {
      const allowed = issue.message.startsWith(ALLOWED_FIELDS)
        ? issue.message.slice(ALLOWED_FIELDS.length).split(", ")
        : [];
      for (const key of issue.keys) {
        const guess = didYouMean(key, allowed);
        const hint = guess === undefined ? "" : `; did you mean "${guess}"?`;
        out.push({
          path: [...path, key],
          message: `unknown field "${key}"; ${issue.message}${hint}`,
        });
      }
      continue;
    }
    if (isMissing(input, path)) {
      out.push({
        path,
        message: `is required: ${issue.message.replace(/^Invalid input: expected (\w+), received undefined$/, "expected $1")}`,
      });
      continue;
    }
    out.push({ path, message: issue.message });
  }
  return out;
}

/** True when the field at `path` is absent from an object that exists. */
function isMissing(input: unknown, path: PathSegment[]): boolean {
  if (path.length === 0) return false;
  let node: unknown = input;
  for (const segment of path.slice(0, -1)) {
    if (node === null || typeof node !== "object") return false;
    node = (node as Record<PathSegment, unknown>)[segment];
  }
  return (
    node !== null &&
    typeof node === "object" &&
    !Array.isArray(node) &&
    !(path[path.length - 1] in node)
  );
}
