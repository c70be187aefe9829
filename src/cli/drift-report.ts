import { existsSync, readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { changedPaths } from "../plan/diff/resources.js";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { parseCli, usageError } from "./stack-args.js";

const USAGE = `usage: npm run drift-report -- --refresh FILE [--edge FILE] [--stack NAME]

Reads what the nightly drift run collected and prints ONE Markdown report (the drift issue's
body): the resources \`pulumi refresh --preview-only --expect-no-changes --json\` found changed,
with the properties changed by hand listed apart from output-only changes (computed values such
as a VM's reported addresses), and the edge VM's differences from \`npm run edge:verify\`.
Exit codes: 0 no drift, 1 drift (report printed), 2 bad usage or unreadable input (fails closed).

  --refresh FILE   the refresh's JSON document
  --edge FILE      edge:verify's output (--json document or its text lines)
  --stack NAME     named in the report (default beta)`;

export const DRIFT_MARKER = "<!-- lightspeedup-drift-report -->";

export interface DriftedResource {
  urn: string;
  type: string;
  name: string;
  /** deleted outside Pulumi (the refresh found nothing) */
  gone: boolean;
  /** input properties that differ from the state: changed by hand */
  inputs: string[];
  /** properties only the provider computes that differ */
  outputsOnly: string[];
}

export interface EdgeVerifyResult {
  ok: boolean;
  differences: string[];
  notes: string[];
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * The drifted resources in a `pulumi refresh --preview-only --json` document. Throws when the
 * document is not one (not JSON, no steps array): a drift run must never read "no drift" from a
 * failed command.
 */
export function parseRefresh(text: string): DriftedResource[] {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    throw new Error("the refresh output is not a JSON document (did the command fail?)");
  }
  if (!isObj(doc) || !Array.isArray(doc.steps))
    throw new Error("the refresh output has no steps: not a `pulumi refresh --json` document");
  const errors = Array.isArray(doc.diagnostics)
    ? doc.diagnostics.filter((d) => isObj(d) && d.severity === "error")
    : [];
  if (errors.length > 0) {
    const messages = errors.map((d) => String((d as Json).message ?? "").trim()).join("; ");
    throw new Error(`the refresh reported errors: ${messages}`);
  }
  const out: DriftedResource[] = [];
  for (const step of doc.steps) {
    if (!isObj(step) || step.op === "same" || typeof step.urn !== "string") continue;
    const urn = step.urn;
    const parts = urn.split("::");
    const type = (parts[2] ?? "").split("$").pop() ?? "";
    if (type === "pulumi:pulumi:Stack" || type.startsWith("pulumi:providers:")) continue;
    const oldState = isObj(step.oldState) ? step.oldState : {};
    const newState = isObj(step.newState) ? step.newState : undefined;
    const gone = step.op === "delete" || newState === undefined;
    const field = (state: Json | undefined, key: string) =>
      state && isObj(state[key]) ? (state[key] as Json) : {};
    const inputPaths = gone
      ? []
      : changedPaths(field(oldState, "inputs"), field(newState, "inputs"));
    const detailed = isObj(step.detailedDiff) ? Object.keys(step.detailedDiff) : [];
    const inputs = [...new Set([...inputPaths, ...detailed])].sort();
    const inputKeys = new Set([
      ...Object.keys(field(oldState, "inputs")),
      ...Object.keys(field(newState, "inputs")),
    ]);
    const outputsOnly = gone
      ? []
      : changedPaths(field(oldState, "outputs"), field(newState, "outputs")).filter(
          (p) => !inputKeys.has(p.split(/[.[]/)[0]) && !inputs.includes(p),
        );
    if (!gone && inputs.length === 0 && outputsOnly.length === 0) continue;
    out.push({ urn, type, name: parts[3] ?? urn, gone, inputs, outputsOnly });
  }
  return out;
}

/** edge:verify's result, from its `--json` document or its text lines (DIFF / NOTE / LSU-VERIFY). */
export function parseEdgeVerify(text: string): EdgeVerifyResult {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    // `npm run edge:verify -- --json`: {ok, edge, differences, notes, errors}
    const doc = JSON.parse(trimmed) as Partial<EdgeVerifyResult> & { errors?: string[] };
    if (typeof doc.ok !== "boolean" || !Array.isArray(doc.differences))
      throw new Error("the edge:verify document has no ok/differences");
    const differences = [...doc.differences, ...(doc.errors ?? []).map((e) => `error: ${e}`)];
    if (!doc.ok && differences.length === 0)
      differences.push("edge:verify did not complete (no connection to the edge?)");
    return { ok: doc.ok && differences.length === 0, differences, notes: doc.notes ?? [] };
  }
  const lines = trimmed.split("\n");
  const summary = lines.find((l) => l.startsWith("LSU-VERIFY "));
  const differences = lines.filter((l) => l.startsWith("DIFF ")).map((l) => l.slice(5));
  const notes = lines.filter((l) => l.startsWith("NOTE ")).map((l) => l.slice(5));
  if (!summary) {
    return {
      ok: false,
      differences: [
        `edge:verify did not finish (no LSU-VERIFY line): ${lines.slice(-3).join(" / ") || "no output"}`,
      ],
      notes,
    };
  }
  return { ok: summary === "LSU-VERIFY ok" && differences.length === 0, differences, notes };
}

const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;

/** The drift issue's body. Pure. */
export function driftMarkdown(input: {
  stack: string;
  resources: DriftedResource[];
  edge?: EdgeVerifyResult;
}): string {
  const { resources, edge } = input;
  const changed = resources.filter((r) => r.gone || r.inputs.length > 0);
  const outputOnly = resources.filter((r) => !r.gone && r.inputs.length === 0);
  const out = [
    DRIFT_MARKER,
    `## Drift on stack \`${input.stack}\``,
    "",
    "What differs from the last deployment. Follow docs/runbooks/drift.md: either revert the hand",
    "change or make it the program's (a customer file or config change, reviewed in a pull request).",
    "",
    `### Proxmox and Cloudflare (\`pulumi refresh --preview-only\`): ${changed.length} resource(s) changed`,
    "",
  ];
  if (changed.length > 0) {
    out.push("| resource | type | changed properties |", "|---|---|---|");
    for (const r of changed) {
      const what = r.gone ? "**deleted outside Pulumi**" : r.inputs.map(code).join(", ");
      out.push(`| ${code(r.name)} | ${code(r.type)} | ${what} |`);
    }
    out.push("");
  }
  if (outputOnly.length + changed.filter((r) => r.outputsOnly.length > 0).length > 0) {
    out.push(
      "<details><summary>Output-only changes (computed by the provider; usually harmless)</summary>",
      "",
      ...resources
        .filter((r) => r.outputsOnly.length > 0)
        .map((r) => `- ${code(r.name)}: ${r.outputsOnly.map(code).join(", ")}`),
      "",
      "</details>",
      "",
    );
  }
  if (edge) {
    out.push(
      `### Edge VM (\`npm run edge:verify\`): ${edge.ok ? "no difference" : `${edge.differences.length} difference(s)`}`,
      "",
      ...edge.differences.map((d) => `- ${d}`),
      ...edge.notes.map((n) => `- note: ${n}`),
      "",
    );
  }
  return out.join("\n");
}

/** `npm run drift-report -- --refresh FILE [--edge FILE]` */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCli<{ refresh?: string; edge?: string; stack: string }>(
    argv,
    {
      refresh: { type: "string" },
      edge: { type: "string" },
      stack: { type: "string", default: "beta" },
    },
    USAGE,
    io,
  );
  if ("exit" in parsed) return parsed.exit;
  const { refresh, edge, stack } = parsed.values;
  if (!refresh) return usageError("--refresh FILE is required", USAGE, io).exit;
  const read = (file: string) => {
    const path = isAbsolute(file) ? file : join(io.cwd, file);
    if (!existsSync(path)) throw new Error(`${file}: no such file`);
    return readFileSync(path, "utf8");
  };
  let resources: DriftedResource[];
  let edgeResult: EdgeVerifyResult | undefined;
  try {
    resources = parseRefresh(read(refresh));
    edgeResult = edge ? parseEdgeVerify(read(edge)) : undefined;
  } catch (e) {
    io.stderr(`cannot report drift: ${(e as Error).message}\n`);
    return EXIT.usage;
  }
  const drift =
    resources.some((r) => r.gone || r.inputs.length > 0) || (edgeResult ? !edgeResult.ok : false);
  io.stdout(`${driftMarkdown({ stack, resources, edge: edgeResult })}\n`);
  return drift ? EXIT.refused : EXIT.ok;
}
