import type { CapacityReport, ResourceUsage } from "../../capacity/capacity.js";
import { formatDollars, type Revenue } from "../../catalog/pricing.js";
import type { PlanDiff, PlanSide } from "./diff-plans.js";
import { networkMermaid } from "./mermaid.js";

export interface DiffReportInput {
  diff: PlanDiff;
  before: PlanSide;
  after: PlanSide;
  /** the git revision compared against, as the user gave it */
  base: string;
  stack: string;
  customersDir: string;
  allowDestructive: boolean;
}

/** An e-mail address anywhere in the summary is replaced: contact addresses never reach a PR. */
export const redactEmails = (text: string) =>
  text.replace(/[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, "[e-mail]");

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** The Markdown summary of a plan diff for a pull request: dangerous changes first. */
export function diffMarkdown(input: DiffReportInput): string {
  const { diff, before, after } = input;
  const out: string[] = [
    `## Plan diff: \`${input.customersDir}\` on stack \`${input.stack}\` against \`${input.base}\``,
    "",
  ];
  if (!after.plan) {
    out.push(
      "### ⛔ The changed files are refused — `pulumi up` would declare nothing",
      "",
      ...after.problems.map((p) => `- ${cell(p)}`),
      "",
    );
  }
  if (!before.plan && before.problems.length > 0) {
    out.push(
      `> The base revision's plan was refused (${before.problems.length} problem(s)); it is compared as empty.`,
      "",
    );
  }

  if (diff.dangerous.length > 0) {
    out.push(
      `### ⛔ Dangerous changes (${diff.dangerous.length})${input.allowDestructive ? " — allowed with --allow-destructive" : ""}`,
      "",
      "These would replace, delete or damage a customer VM. Do not merge unless this is intended and",
      "a verified backup exists (docs/runbooks/restore-vm.md).",
      "",
      ...diff.dangerous.map((d) => `- **${d.subject}**: ${d.reason}`),
      "",
    );
  } else {
    out.push("### ✅ No change replaces, deletes or damages a customer VM", "");
  }
  if (diff.offboarded.length > 0) {
    out.push(
      "### Offboarding removals",
      "",
      "Removed after `status: offboarding` was deployed: unprotect them and deploy with the guard's",
      "`--allow` for exactly these resources (`npm run customer:offboard -- NAME` prints the steps).",
      "",
      ...diff.offboarded.map((o) => `- ${o}`),
      "",
    );
  }
  if (diff.notApplied.length > 0) {
    out.push(
      "### Changes not applied to existing VMs",
      "",
      "cloud-init runs only when a VM is created; these YAML changes reach new VMs only.",
      "",
      "| VM | change | runbook |",
      "|---|---|---|",
      ...diff.notApplied.map((n) => `| ${n.subject} | ${n.what} | [${n.runbook}](${n.runbook}) |`),
      "",
    );
  }

  out.push("### Customers", "");
  if (diff.customers.length === 0) out.push("No customer is added, removed or changed.", "");
  for (const kind of ["added", "removed", "changed"] as const) {
    const list = diff.customers.filter((c) => c.kind === kind);
    if (list.length === 0) continue;
    out.push(`**${kind[0].toUpperCase()}${kind.slice(1)} (${list.length})**`, "");
    for (const c of list) {
      out.push(`- \`${c.name}\``, ...c.details.map((d) => `  - ${d}`));
    }
    out.push("");
  }

  out.push(...resourceSection(diff), ...revenueSection(diff.revenue));
  out.push(...capacitySection(diff.capacity.before, diff.capacity.after));
  out.push(
    "### Networks after the change",
    "",
    "```mermaid",
    networkMermaid(before.plan, after.plan, {
      changed: new Set(diff.customers.map((c) => c.name)),
    }),
    "```",
    "",
  );
  return redactEmails(out.join("\n"));
}

function resourceSection(diff: PlanDiff): string[] {
  const count = (k: string) => diff.resources.filter((r) => r.kind === k).length;
  const out = [
    "### Resources",
    "",
    `${count("added")} to add, ${count("changed")} to change, ${count("removed")} to remove (mock plan; the real preview follows in CI).`,
    "",
  ];
  if (diff.resources.length === 0) return out;
  const rows = diff.resources.map((r) => {
    const mark = { added: "➕ add", removed: "➖ remove", changed: "✏️ change" }[r.kind];
    const paths = r.paths
      .map((p) => `\`${p}\`${r.ignoredPaths.includes(p) ? " (ignored)" : ""}`)
      .join(", ");
    return `| ${mark} | \`${r.type}\` | \`${r.name}\` | ${r.customer ?? "platform"} | ${paths} |`;
  });
  return [
    ...out,
    "<details><summary>Every resource change</summary>",
    "",
    "| | type | name | customer | changed inputs |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    "</details>",
    "",
  ];
}

function revenueSection(revenue: { before?: Revenue; after?: Revenue }): string[] {
  const row = (label: string, pick: (r: Revenue) => number) => {
    const a = revenue.before ? pick(revenue.before) : 0;
    const b = revenue.after ? pick(revenue.after) : 0;
    const delta = b - a;
    return `| ${label} | ${formatDollars(a)} | ${formatDollars(b)} | ${delta > 0 ? "+" : ""}${formatDollars(delta)} |`;
  };
  return [
    "### Monthly revenue (USD)",
    "",
    "| | before | after | difference |",
    "|---|---:|---:|---:|",
    row("billed (active customers, own pricing)", (r) => r.monthlyCents),
    row("all customers at beta prices", (r) => r.betaListCents),
    row("all customers at regular prices", (r) => r.regularListCents),
    "",
  ];
}

const BAR = 30;

/** `██████████░░░░░░░░░░` for a share of a limit (over 100 % fills the bar and says so). */
export function bar(usage: ResourceUsage): string {
  const filled = Math.min(BAR, Math.round((usage.demand / Math.max(usage.limit, 1)) * BAR));
  return `${"█".repeat(filled)}${"░".repeat(BAR - filled)}`;
}

function capacitySection(before?: CapacityReport, after?: CapacityReport): string[] {
  const out = ["### Capacity (customers + reserved, against the limit)", "", "```"];
  for (const kind of ["cpu", "memory", "disk"] as const) {
    const a = before?.resources.find((r) => r.resource === kind);
    const b = after?.resources.find((r) => r.resource === kind);
    const line = (label: string, r?: ResourceUsage) =>
      r
        ? `${kind.padEnd(6)} ${label} ${bar(r)} ${fmt(r.demand)}/${fmt(r.limit)} ${r.unit} (${r.percent}%)${r.demand > r.limit ? " OVER" : ""}`
        : `${kind.padEnd(6)} ${label} (no plan)`;
    out.push(line("before", a), line("after ", b));
  }
  out.push("```", "");
  return out;
}

const fmt = (n: number) => (Number.isInteger(n) ? n.toLocaleString("en-US") : n.toFixed(1));
