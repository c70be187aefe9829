import { capacityTable } from "../capacity/capacity.js";
import { formatDollars } from "../catalog/pricing.js";
import { externalDnsInstructions } from "../dns/records.js";
import { formatIssue } from "../model/issues.js";
import { discordConfigured, pveExporterConfigured } from "../monitoring/render.js";
import { monitoringSummary } from "../monitoring/summary.js";
import type { PlanEvaluation } from "./evaluate-plan.js";
import { resourcesJson } from "./report-json.js";

/** The human-readable plan: per customer, then capacity, backups, revenue and warnings. */
export function planText(evaluation: PlanEvaluation): string {
  const { analysis } = evaluation;
  const out: string[] = [];
  if (!analysis.plan) {
    out.push(
      `Plan refused for stack ${evaluation.stack}: ${analysis.issues.length} problem(s); no resource would be declared.`,
      "",
    );
    for (const issue of analysis.issues) out.push(formatIssue(issue));
    appendWarnings(out, analysis.warnings);
    return out.join("\n");
  }
  const plan = analysis.plan;
  const resources = resourcesJson(evaluation.resources);
  out.push(
    `Plan for stack ${evaluation.stack} from ${evaluation.customersDir}: ${plan.customers.length} customer(s), ${resources.length} resource(s)`,
  );
  if (plan.customers.length === 0) {
    out.push(
      "",
      `No customers yet: ${evaluation.customersDir} holds no customer files.`,
      "To see a full plan, run it on the examples:  npm run plan -- --customers examples/customers",
    );
  }
  for (const c of plan.customers) {
    const count = resources.filter((r) => r.customer === c.name).length;
    const tier = c.network.label;
    out.push(
      "",
      `${c.name}${c.displayName ? ` (${JSON.stringify(c.displayName)})` : ""} — ${tier}, ${c.status}, ${c.pricing} pricing, ${formatDollars(c.monthlyCents)}/month, ${count} resources`,
    );
    for (const vm of c.vms) {
      out.push(
        `  VM ${vm.vmid}  ${vm.name.padEnd(24)} ${vm.package.name.padEnd(10)} ${vm.address.padEnd(15)} ${c.network.bridge.padEnd(6)} ssh ${plan.config.publicIp}:${vm.sshPort}${vm.adopted ? "  (adopted)" : ""}`,
      );
    }
    out.push(`  platform hostname ${c.platformHostname}`);
    for (const d of c.domains) {
      out.push(
        `  domain ${d.hostnames.join(" + ")} → ${d.upstreamRole} (${d.upstreamAddress}), tls ${d.tls}, ${d.zone ? `zone ${d.zone}` : "external DNS"}`,
      );
    }
    for (const instruction of externalDnsInstructions(c, plan.config)) {
      const records = instruction.records.map((r) => `${r.type} ${r.name} → ${r.value}`).join(", ");
      out.push(`    the customer must set: ${records}`);
    }
  }
  out.push("", "Capacity", capacityTable(plan.capacity));
  out.push(
    `estimated backup space: ${plan.backupSpace.totalGb.toLocaleString("en-US")} GiB (${plan.backupSpace.assumption})`,
  );
  out.push("", "Backup jobs");
  if (plan.backupJobs.length === 0) out.push("  none (no VMs)");
  for (const j of plan.backupJobs)
    out.push(
      `  ${j.id}: ${j.schedule}, ${Object.entries(j.prune)
        .map(([k, v]) => `${k} ${v}`)
        .join(", ")}, VMs ${j.vmids.join(" ")}`,
    );
  out.push(
    "",
    ...monitoringSummary(plan, {
      discord: discordConfigured(evaluation.resources),
      pveExporter: pveExporterConfigured(evaluation.resources),
    }),
  );
  const r = plan.revenue;
  out.push("", "Revenue (USD per month)");
  out.push(`  billed now (active customers, own pricing): ${formatDollars(r.monthlyCents)}`);
  out.push(
    `  suspended, not billed: ${formatDollars(r.suspendedCents)}${r.suspended.length ? ` (${r.suspended.map((s) => `${s.name} ${formatDollars(s.monthlyCents)}`).join(", ")})` : ""}`,
  );
  out.push(
    `  list price of all customers: ${formatDollars(r.betaListCents)} at beta, ${formatDollars(r.regularListCents)} at regular prices`,
  );
  appendWarnings(out, analysis.warnings);
  return out.join("\n");
}

function appendWarnings(out: string[], warnings: string[]) {
  if (warnings.length === 0) return;
  out.push("", "Warnings");
  for (const w of warnings) out.push(`  ! ${w}`);
}
