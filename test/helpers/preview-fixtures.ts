import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { PROJECT_DIR } from "./fixtures.js";
import type { PreviewDoc } from "./real-engine.js";

/** Real `pulumi preview --json` documents recorded by test/real-engine (UPDATE_PREVIEW_FIXTURES=1). */
export const PREVIEW_FIXTURES = join(PROJECT_DIR, "test", "fixtures", "previews");

/** Drops what differs from run to run or machine to machine: stack traces and temp paths. */
export function sanitizePreview(doc: PreviewDoc, workspaceRoot: string): PreviewDoc {
  const strip = (v: unknown): unknown => {
    if (typeof v === "string") return v.replaceAll(workspaceRoot, "<workspace>");
    if (Array.isArray(v)) return v.map(strip);
    if (v && typeof v === "object")
      return Object.fromEntries(
        Object.entries(v)
          .filter(([k]) => k !== "stackTrace" && k !== "sourcePosition")
          .map(([k, x]) => [k, strip(x)]),
      );
    return v;
  };
  const { duration: _duration, ...rest } = doc as PreviewDoc & { duration?: unknown };
  return strip(rest) as PreviewDoc;
}

export function savePreviewFixture(name: string, doc: PreviewDoc): void {
  mkdirSync(PREVIEW_FIXTURES, { recursive: true });
  writeFileSync(join(PREVIEW_FIXTURES, `${name}.json`), `${JSON.stringify(doc, null, 1)}\n`);
}

export function previewFixtureText(name: string): string {
  return readFileSync(join(PREVIEW_FIXTURES, `${name}.json`), "utf8");
}

export function previewFixture(name: string): PreviewDoc {
  return JSON.parse(previewFixtureText(name)) as PreviewDoc;
}
