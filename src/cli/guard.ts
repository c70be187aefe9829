import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { formatVerdict, guardPreview, parsePreviewText } from "../guard/preview-guard.js";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { parseCli, usageError } from "./stack-args.js";

const USAGE = `usage: npm run guard -- PREVIEW.json [--allow URN]...

Reads the output of \`pulumi preview --json\` and refuses it (exit 1), listing each resource and
why, when a customer VM, isolated bridge, edge NIC, pool or DNS record would be replaced or
deleted; when an update of a VM would rewrite, move, detach or shrink a disk, change or remove an
existing NIC, or touch initialization, vmId, nodeName or clone; or when the document has error
diagnostics, is empty, truncated or not JSON (it fails closed).
  --allow URN   let this one resource through (offboarding); repeatable
Exit codes: 0 nothing refused, 1 refused (including a malformed document), 2 bad usage or a file
that cannot be read.`;

export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCli<{ allow?: string[] }>(
    argv,
    { allow: { type: "string", multiple: true } },
    USAGE,
    io,
    true,
  );
  if ("exit" in parsed) return parsed.exit;
  if (parsed.positionals.length !== 1)
    return usageError("expected exactly one preview document", USAGE, io).exit;
  const file = parsed.positionals[0];
  let text: string;
  try {
    text = readFileSync(isAbsolute(file) ? file : join(io.cwd, file), "utf8");
  } catch (e) {
    io.stderr(`guard: cannot read ${file}: ${(e as Error).message}\n`);
    return EXIT.usage;
  }
  const { doc, problems } = parsePreviewText(text);
  if (!doc) {
    io.stderr(`guard: REFUSED, ${file} is not a usable preview document\n`);
    for (const p of problems) io.stderr(`  document: ${p}\n`);
    return EXIT.refused;
  }
  const verdict = guardPreview(doc, parsed.values.allow ?? []);
  (verdict.ok ? io.stdout : io.stderr)(formatVerdict(verdict));
  return verdict.ok ? EXIT.ok : EXIT.refused;
}
