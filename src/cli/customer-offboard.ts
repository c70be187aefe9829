import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { Document, parseDocument } from "yaml";
import { RETIRED_FILE } from "../model/load-customers.js";
import { GUARDED_TYPES, realUrn, urnProject } from "../plan/diff/urns.js";
import { evaluatePlan, type PlanEvaluation } from "../plan/evaluate-plan.js";
import type { RecordedResource } from "../plan/mock-engine.js";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { oneCustomerName, parseStackCli, usageError } from "./stack-args.js";

const USAGE = `usage: npm run customer:offboard -- NAME [--retire] [--date YYYY-MM-DD] [--stack NAME] [--customers DIR]

Prints the exact steps to offboard customer NAME without risking anyone else's data: a final
verified backup, status: offboarding deployed, pulumi state unprotect by URN, then the removal
with its VMIDs and bridge appended to customers/.retired.yaml, deployed with the guard's --allow
for exactly those resources (docs/runbooks/offboarding.md).
Exit codes: 0 printed, 1 no such customer or the plan is refused, 2 bad usage.

  --retire        append NAME's VMIDs and bridge to customers/.retired.yaml now (step 4)
  --date D        the retiredOn date (default today, UTC)`;

export interface OffboardFacts {
  customer: string;
  status: string;
  vmids: number[];
  bridge?: string;
  /** URNs of the customer's protected resources (pulumi state unprotect) */
  protectedUrns: string[];
  /** URNs the guard must let through on the removal deploy (npm run guard -- --allow) */
  allowUrns: string[];
}

/** What offboarding NAME involves, from the mock run of the program. Pure. */
export function offboardFacts(
  evaluation: PlanEvaluation,
  name: string,
): OffboardFacts | { refused: string } {
  const plan = evaluation.analysis.plan;
  if (!plan) return { refused: "the plan is refused; run npm run plan to see why" };
  const customer = plan.customers.find((c) => c.name === name);
  if (!customer) return { refused: `no customer ${name} in ${evaluation.customersDir}` };
  const byUrn = new Map(evaluation.resources.map((r) => [r.urn, r]));
  const project = urnProject(evaluation.resources[0]?.urn ?? "");
  const owned = evaluation.resources.filter((r) => ownerOf(r, byUrn) === name);
  const urn = (r: RecordedResource) => realUrn(r, byUrn, evaluation.stack, project);
  return {
    customer: name,
    status: customer.status,
    vmids: customer.vms.map((v) => v.vmid),
    bridge: customer.network.isolated ? customer.network.bridge : undefined,
    protectedUrns: owned.filter((r) => r.options.protect).map(urn),
    allowUrns: owned.filter((r) => GUARDED_TYPES.includes(r.type)).map(urn),
  };
}

function ownerOf(r: RecordedResource, byUrn: Map<string, RecordedResource>): string | null {
  for (let c: RecordedResource | undefined = r; c; c = byUrn.get(c.parentUrn)) {
    if (c.type === "lightspeedup:hosting:Customer") return c.name;
  }
  return null;
}

/** `customers/.retired.yaml` with the customer's VMIDs and bridge appended (comments kept). Pure. */
export function appendRetired(text: string, facts: OffboardFacts, date: string): string {
  const doc = text.trim() === "" ? new Document({}) : parseDocument(text);
  const list = (key: string) => {
    const current = doc.get(key);
    if (current === undefined || current === null) doc.set(key, doc.createNode([]));
    return key;
  };
  for (const vmid of facts.vmids) {
    if (!retiredHas(doc.toJS(), "vmids", "vmid", vmid))
      doc.addIn(
        [list("vmids")],
        doc.createNode({ vmid, customer: facts.customer, retiredOn: date }),
      );
  }
  if (facts.bridge && !retiredHas(doc.toJS(), "bridges", "bridge", facts.bridge)) {
    doc.addIn(
      [list("bridges")],
      doc.createNode({ bridge: facts.bridge, customer: facts.customer, retiredOn: date }),
    );
  }
  return doc.toString({ lineWidth: 0 });
}

function retiredHas(js: unknown, key: string, field: string, value: unknown): boolean {
  const entries = (js as Record<string, unknown> | null)?.[key];
  return (
    Array.isArray(entries) && entries.some((e) => (e as Record<string, unknown>)[field] === value)
  );
}

/** The runbook's steps with this customer's values filled in. Pure. */
export function offboardSteps(
  facts: OffboardFacts,
  options: { stack: string; customersDir: string; backupStorage: string; date: string },
): string {
  const { stack, customersDir } = options;
  const file = `${customersDir}/${facts.customer}.yaml`;
  const allow = facts.allowUrns.map((u) => `  --allow '${u}'`).join(" \\\n");
  const retiredLines = [
    "vmids:",
    ...facts.vmids.map(
      (v) => `  - { vmid: ${v}, customer: ${facts.customer}, retiredOn: ${options.date} }`,
    ),
    ...(facts.bridge
      ? [
          "bridges:",
          `  - { bridge: ${facts.bridge}, customer: ${facts.customer}, retiredOn: ${options.date} }`,
        ]
      : []),
  ];
  const step2Done = facts.status === "offboarding";
  return [
    `# Offboarding ${facts.customer} (stack ${stack}): VMs ${facts.vmids.join(", ")}${facts.bridge ? `, bridge ${facts.bridge}` : ""}`,
    "# docs/runbooks/offboarding.md explains each step. Do them in order; never skip step 1.",
    "",
    "## 1. Final verified backup (on the Proxmox host, as root)",
    ...facts.vmids.flatMap((v) => [
      `vzdump ${v} --storage ${options.backupStorage} --mode snapshot --compress zstd --notes-template 'final backup before offboarding ${facts.customer}'`,
      `pvesm list ${options.backupStorage} --vmid ${v}    # the newest archive is today's`,
    ]),
    "# verify it: restore into a spare VMID outside the customer range, boot it without a NIC, check, destroy",
    "#   qmrestore <archive> 9990 --storage SSD_VMs --unique 1 && qm set 9990 --delete net0 && qm start 9990",
    "#   qm stop 9990 && qm destroy 9990 --purge",
    "",
    `## 2. Deploy status: offboarding${step2Done ? "   (already set in the file: deploy it if it is not yet)" : ""}`,
    `#   set "status: offboarding" in ${file} (the VMs stop; Proxmox protection is lifted)`,
    `npm run plan -- --diff origin/main --customers ${customersDir}    # status active → offboarding, exit 0`,
    "#   open a pull request, merge, approve the deploy (it runs the guard, then pulumi up)",
    "",
    "## 3. Lift Pulumi's protection, by URN",
    ...facts.protectedUrns.map((u) => `pulumi state unprotect -s ${stack} --yes '${u}'`),
    "",
    `## 4. Remove the customer and retire its IDs (never reused)`,
    `git rm ${file}`,
    `npm run customer:offboard -- ${facts.customer} --retire --customers ${customersDir}    # appends to ${customersDir}/${RETIRED_FILE} (block style):`,
    ...retiredLines.map((l) => `#   ${l}`),
    `npm run plan -- --diff origin/main --customers ${customersDir}    # "Offboarding removals", exit 0`,
    "#   open a pull request and merge; the deploy's guard needs exactly these --allow:",
    `pulumi preview --json -s ${stack} > preview.json`,
    `npm run guard -- preview.json \\\n${allow}`,
    `pulumi up -s ${stack}`,
    "",
    "## 5. Afterwards",
    "#   keep the final backup for the agreed retention; delete DNS at the customer's registrar if",
    "#   the domain was external; check npm run edge:verify shows nothing left for the customer",
    "",
  ].join("\n");
}

/** `npm run customer:offboard -- NAME` */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseStackCli(
    argv,
    { retire: { type: "boolean", default: false }, date: { type: "string" } },
    USAGE,
    io,
    true,
  );
  if ("exit" in parsed) return parsed.exit;
  const { values, positionals } = parsed;
  const one = oneCustomerName(positionals, USAGE, io);
  if ("exit" in one) return one.exit;
  const date =
    typeof values.date === "string" ? values.date : new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date))
    return usageError("--date must be YYYY-MM-DD", USAGE, io).exit;
  const customersDir = isAbsolute(values.customers)
    ? values.customers
    : join(io.cwd, values.customers);
  let evaluation: PlanEvaluation;
  try {
    evaluation = await evaluatePlan({ projectDir: io.cwd, stack: values.stack, customersDir });
  } catch (e) {
    return usageError((e as Error).message, USAGE, io).exit;
  }
  const facts = offboardFacts(evaluation, one.name);
  if ("refused" in facts) {
    io.stderr(`refused: ${facts.refused}\n`);
    return EXIT.refused;
  }
  if (values.retire) {
    const retiredFile = join(customersDir, RETIRED_FILE);
    const before = existsSync(retiredFile) ? readFileSync(retiredFile, "utf8") : "";
    writeFileSync(retiredFile, appendRetired(before, facts, date));
    io.stdout(
      `appended VMIDs ${facts.vmids.join(", ")}${facts.bridge ? ` and ${facts.bridge}` : ""} to ${values.customers}/${RETIRED_FILE}\n`,
    );
    return EXIT.ok;
  }
  const backupStorage = evaluation.analysis.plan?.config.backup.storage ?? "local";
  io.stdout(
    offboardSteps(facts, {
      stack: values.stack,
      customersDir: values.customers,
      backupStorage,
      date,
    }),
  );
  return EXIT.ok;
}
