import { writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { ancestry, providerUrn, realUrn, urnProject } from "../plan/diff/urns.js";
import { evaluatePlan, type PlanEvaluation } from "../plan/evaluate-plan.js";
import type { RecordedResource } from "../plan/mock-engine.js";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { oneCustomerName, parseStackCli, usageError } from "./stack-args.js";

const USAGE = `usage: npm run import-file -- NAME [--out FILE] [--customer-exists] [--stack NAME] [--customers DIR]

Writes the \`pulumi import --file\` document for customer NAME's adopted VMs (vms[].adopted),
matching exactly what the program declares: the Customer and CustomerVm components as parents,
the VmLegacy resource with the stack's proxmoxve provider and the id <node>/<vmid>
(docs/runbooks/adopt-vm.md). Exit codes: 0 written, 1 no adopted VM or the plan is refused,
2 bad usage.

  --out FILE          where to write it (default import-NAME.json)
  --customer-exists   the customer is already deployed: reference its component by URN instead
                      of creating it`;

export interface ImportEntry {
  type: string;
  name: string;
  logicalName?: string;
  id?: string;
  component?: boolean;
  parent?: string;
  provider?: string;
}

export interface ImportDocument {
  nameTable: Record<string, string>;
  resources: ImportEntry[];
}

const PROVIDER_KEY = "proxmoxve-provider";

/**
 * The import document for a customer's adopted VMs, from the mock run of the program. Pure.
 * Entries are referenced by a name unique in the document; `logicalName` is the resource's name.
 */
export function importDocument(
  evaluation: PlanEvaluation,
  customer: string,
  options: { customerExists: boolean },
): ImportDocument | { refused: string } {
  const plan = evaluation.analysis.plan;
  if (!plan) return { refused: "the plan is refused; run npm run plan to see why" };
  const planned = plan.customers.find((c) => c.name === customer);
  if (!planned) return { refused: `no customer ${customer} in ${evaluation.customersDir}` };
  const adopted = planned.vms.filter((v) => v.adopted);
  if (adopted.length === 0) {
    return {
      refused: `${customer} has no adopted VM (vms[].adopted); new VMs are created by pulumi up`,
    };
  }
  const byUrn = new Map(evaluation.resources.map((r) => [r.urn, r]));
  const doc: ImportDocument = { nameTable: {}, resources: [] };
  const refs = new Map<string, string>();
  const project = urnProject(evaluation.resources[0]?.urn ?? "");
  const refFor = (r: RecordedResource) => `${r.type.split(":").pop()}:${r.name}`;
  for (const vm of adopted) {
    const resource = evaluation.resources.find(
      (r) => r.type === "proxmoxve:index/vmLegacy:VmLegacy" && r.name === `vm-${vm.vmid}`,
    );
    if (!resource) return { refused: `the program declares no VM vm-${vm.vmid}` };
    for (const r of ancestry(resource, byUrn)) {
      if (refs.has(r.urn)) continue;
      const ref = refFor(r);
      refs.set(r.urn, ref);
      const parentRef = refs.get(r.parentUrn);
      const isCustomer = r.type === "lightspeedup:hosting:Customer";
      if (isCustomer && options.customerExists) {
        doc.nameTable[ref] = realUrn(r, byUrn, evaluation.stack, project);
        continue;
      }
      const entry: ImportEntry = { type: r.type, name: ref, logicalName: r.name };
      if (parentRef) entry.parent = parentRef;
      if (r.custom) {
        entry.id = r.options.importId;
        doc.nameTable[PROVIDER_KEY] = providerUrn(r.options.provider);
        entry.provider = PROVIDER_KEY;
      } else {
        entry.component = true;
      }
      doc.resources.push(entry);
    }
  }
  return doc;
}

/** `npm run import-file -- NAME` */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseStackCli(
    argv,
    { out: { type: "string" }, "customer-exists": { type: "boolean", default: false } },
    USAGE,
    io,
    true,
  );
  if ("exit" in parsed) return parsed.exit;
  const { values, positionals } = parsed;
  const one = oneCustomerName(positionals, USAGE, io);
  if ("exit" in one) return one.exit;
  const { name } = one;
  let evaluation: PlanEvaluation;
  try {
    evaluation = await evaluatePlan({
      projectDir: io.cwd,
      stack: values.stack,
      customersDir: isAbsolute(values.customers)
        ? values.customers
        : join(io.cwd, values.customers),
    });
  } catch (e) {
    return usageError((e as Error).message, USAGE, io).exit;
  }
  const doc = importDocument(evaluation, name, {
    customerExists: values["customer-exists"] === true,
  });
  if ("refused" in doc) {
    io.stderr(`refused: ${doc.refused}\n`);
    return EXIT.refused;
  }
  const out = typeof values.out === "string" ? values.out : `import-${name}.json`;
  writeFileSync(isAbsolute(out) ? out : join(io.cwd, out), `${JSON.stringify(doc, null, 2)}\n`);
  const ids = doc.resources.filter((r) => r.id).map((r) => r.id);
  io.stdout(
    [
      `wrote ${out}: ${doc.resources.length} resource(s), importing ${ids.join(", ")}`,
      `next: pulumi import --file ${out} --protect --generate-code=false -s ${values.stack}`,
      `      then pulumi preview --diff -s ${values.stack} must show no update on ${ids.length === 1 ? "that VM" : "those VMs"} (docs/runbooks/adopt-vm.md)`,
      "",
    ].join("\n"),
  );
  return EXIT.ok;
}
