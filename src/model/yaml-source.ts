import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";
import type { PathSegment } from "./issues.js";

/** A parsed YAML file that can say on which line a field path sits. */
export interface YamlSource {
  data: unknown;
  /** syntax errors with their lines; when present `data` must not be used */
  syntaxErrors: { line: number; message: string }[];
  lineOf(path: readonly PathSegment[]): number | undefined;
}

export function parseYamlSource(text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const syntaxErrors = [...doc.errors, ...doc.warnings].map((e) => ({
    line: lineCounter.linePos(e.pos[0]).line,
    message: e.message.split("\n")[0],
  }));
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;

  return {
    data: doc.errors.length === 0 ? doc.toJS({ maxAliasCount: 50 }) : undefined,
    syntaxErrors,
    lineOf(path) {
      // Walk as deep as the document goes, so a missing field is reported at its parent.
      let node: unknown = doc.contents;
      let line = doc.contents?.range ? lineAt(doc.contents.range[0]) : 1;
      for (const segment of path) {
        if (isMap(node)) {
          const pair = node.items.find(
            (p) => isPair(p) && isScalar(p.key) && p.key.value === segment,
          );
          if (!pair) break;
          const key = pair.key as Node;
          if (key.range) line = lineAt(key.range[0]);
          node = pair.value;
        } else if (isSeq(node) && typeof segment === "number") {
          const item = node.items[segment] as Node | undefined;
          if (!item) break;
          if (item.range) line = lineAt(item.range[0]);
          node = item;
        } else break;
      }
      return line;
    },
  };
}
