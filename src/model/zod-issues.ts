import type { z } from "zod";
import type { PathSegment } from "./issues.js";

export interface LocatedZodIssue {
  path: PathSegment[];
  message: string;
}

/** Turns zod issues into field paths and messages that say what is allowed. */
export function describeZodIssues(error: z.ZodError): LocatedZodIssue[] {
  const out: LocatedZodIssue[] = [];
  for (const issue of error.issues) {
    const path = issue.path.filter((p): p is PathSegment => typeof p !== "symbol");
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        out.push({ path: [...path, key], message: `unknown field "${key}"; ${issue.message}` });
      }
      continue;
    }
    out.push({ path, message: issue.message });
  }
  return out;
}
