/**
 * The data-safety guard over `pulumi preview --json`: pure functions, no I/O.
 *
 * It fails closed. A document that is empty, truncated, not JSON, not shaped like a preview, or
 * that carries an error diagnostic is refused as a whole. Otherwise each step on a protected kind
 * (customer VM, isolated bridge, edge NIC, pool, DNS record) is refused when its operation is
 * anything but same/create/update/read/refresh/import (so replace, create-replacement,
 * delete-replaced, delete, discard and any operation this code does not know), and each update of
 * a VM is refused when it would rewrite, move, detach or shrink a disk, change an existing NIC
 * (order, MAC, bridge, model, VLAN) or remove one, or touch initialization, vmId, nodeName or clone
 * (reference/proxmox.md §2.3: what replaces a VM or destroys its data).
 */

type Obj = Record<string, unknown>;

/** Protected kinds: a replace or delete of one of these loses a customer's data or service. */
export const PROTECTED_KINDS: Record<string, string> = {
  "proxmoxve:index/vmLegacy:VmLegacy": "customer VM",
  "proxmoxve:index/vm:Vm": "customer VM",
  "proxmoxve:network/linux/bridge:Bridge": "isolated bridge",
  "pulumi-nodejs:dynamic/lightspeedup:EdgeNic": "edge NIC",
  "proxmoxve:index/poolLegacy:PoolLegacy": "pool",
  "proxmoxve:index/pool:Pool": "pool",
  "cloudflare:index/dnsRecord:DnsRecord": "DNS record",
  "cloudflare:index/record:Record": "DNS record",
};

const VM_KINDS = ["proxmoxve:index/vmLegacy:VmLegacy", "proxmoxve:index/vm:Vm"];

/** Operations that neither destroy nor replace what exists. */
export const SAFE_OPS = ["same", "create", "update", "read", "refresh", "import"];

/** Disk attributes whose change rewrites, moves or swaps the disk's data. */
const DISK_IDENTITY = ["interface", "datastoreId", "fileId", "pathInDatastore", "fileFormat"];
/** NIC attributes whose change on an existing NIC breaks the customer's network. */
const NIC_IDENTITY = ["bridge", "macAddress", "model", "vlanId"];
/** Top-level VM inputs an existing VM must never see changed. */
const VM_FROZEN = ["initialization", "vmId", "nodeName", "clone"];

export interface Finding {
  urn: string;
  /** the resource name (the URN's last part) */
  name: string;
  type: string;
  kind: string;
  op: string;
  reasons: string[];
}

export interface Verdict {
  /** true when nothing is refused (allowed findings aside) */
  ok: boolean;
  /** problems with the document itself: it is refused as a whole */
  documentProblems: string[];
  findings: Finding[];
  /** findings let through by --allow */
  allowed: Finding[];
  /** --allow URNs that matched no finding */
  unusedAllows: string[];
  stepsChecked: number;
}

export const nameOfUrn = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);
export function typeOfUrn(urn: string): string {
  const qualified = urn.split("::")[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
}

const isObj = (v: unknown): v is Obj => !!v && typeof v === "object" && !Array.isArray(v);
const list = (v: unknown): Obj[] => (Array.isArray(v) ? v.filter(isObj) : []);
const show = (v: unknown) => (v === undefined ? "(none)" : JSON.stringify(v));

/** Deep equality of JSON values, ignoring the Terraform bridge's `__defaults` bookkeeping. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameJson(x, b[i]));
  }
  if (isObj(a) || isObj(b)) {
    if (!isObj(a) || !isObj(b)) return false;
    const keys = new Set([...Object.keys(a), ...Object.keys(b)].filter((k) => k !== "__defaults"));
    return [...keys].every((k) => sameJson(a[k], b[k]));
  }
  return a === b;
}

/** Parses the text of `pulumi preview --json`; problems when it is not a usable document. */
export function parsePreviewText(text: string): { doc?: Obj; problems: string[] } {
  if (text.trim() === "") return { problems: ["the document is empty"] };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    return { problems: [`the document is not JSON or is truncated: ${(e as Error).message}`] };
  }
  if (!isObj(doc)) return { problems: ["the document is not a JSON object"] };
  return { doc, problems: [] };
}

/** Why an update of a VM would damage it: one line per problem, empty when it is safe. */
export function vmUpdateProblems(
  oldInputs: Obj | undefined,
  newInputs: Obj | undefined,
  detailedDiff: Obj | undefined,
): string[] {
  // One problem per key (e.g. "disk:0:interface"): the inputs' old → new wins over the
  // provider's diff, which still counts when the states are not in the document.
  const fromInputs = new Map<string, string>();
  const fromDiff = new Map<string, string>();

  if (oldInputs && newInputs) {
    const oldDisks = list(oldInputs.disks);
    const newDisks = list(newInputs.disks);
    oldDisks.forEach((o, i) => {
      const n = newDisks[i];
      const label = `disk ${i} (${String(o.interface ?? "?")})`;
      if (!n) {
        fromInputs.set(`disk:${i}`, `${label} removed`);
        return;
      }
      for (const key of DISK_IDENTITY)
        if (!sameJson(o[key], n[key]))
          fromInputs.set(
            `disk:${i}:${key}`,
            `${label} ${key} ${show(o[key])} → ${show(n[key])}: the disk is rewritten`,
          );
      if (typeof o.size === "number" && typeof n.size === "number" && n.size < o.size)
        fromInputs.set(`disk:${i}:size`, `${label} shrinks from ${o.size} to ${n.size} GiB`);
    });
    const oldNics = list(oldInputs.networkDevices);
    const newNics = list(newInputs.networkDevices);
    oldNics.forEach((o, i) => {
      const n = newNics[i];
      if (!n) {
        fromInputs.set(`nic:${i}`, `network device ${i} removed`);
        return;
      }
      for (const key of NIC_IDENTITY)
        if (!sameJson(o[key], n[key]))
          fromInputs.set(
            `nic:${i}:${key}`,
            `network device ${i} ${key} ${show(o[key])} → ${show(n[key])}`,
          );
    });
    for (const key of VM_FROZEN)
      if (!sameJson(oldInputs[key], newInputs[key])) fromInputs.set(key, `${key} changes`);
  }

  for (const [path, d] of Object.entries(detailedDiff ?? {})) {
    const kind = isObj(d) && typeof d.kind === "string" ? d.kind : "update";
    const at = `(${path}: ${kind})`;
    const disk = /^disks\[(\d+)\](?:\.(\w+))?$/.exec(path);
    if (disk && disk[2] === undefined && kind.startsWith("delete"))
      fromDiff.set(`disk:${disk[1]}`, `disk ${disk[1]} removed ${at}`);
    if (disk?.[2] && DISK_IDENTITY.includes(disk[2]))
      fromDiff.set(
        `disk:${disk[1]}:${disk[2]}`,
        `disk ${disk[1]} ${disk[2]} changes ${at}: the disk is rewritten`,
      );
    const nic = /^networkDevices\[(\d+)\](?:\.(\w+))?$/.exec(path);
    if (nic && nic[2] === undefined && kind.startsWith("delete"))
      fromDiff.set(`nic:${nic[1]}`, `network device ${nic[1]} removed ${at}`);
    if (nic?.[2] && NIC_IDENTITY.includes(nic[2]))
      fromDiff.set(`nic:${nic[1]}:${nic[2]}`, `network device ${nic[1]} ${nic[2]} changes ${at}`);
    const top = path.split(/[.[]/)[0];
    if (VM_FROZEN.includes(top) && !fromDiff.has(top)) fromDiff.set(top, `${top} changes ${at}`);
  }
  for (const [key, message] of fromDiff) if (!fromInputs.has(key)) fromInputs.set(key, message);
  return [...fromInputs.values()];
}

function stepFinding(step: Obj): Finding | undefined {
  const urn = String(step.urn);
  const op = String(step.op);
  const newState = isObj(step.newState) ? step.newState : undefined;
  const oldState = isObj(step.oldState) ? step.oldState : undefined;
  const type = String(newState?.type ?? oldState?.type ?? typeOfUrn(urn));
  const kind = PROTECTED_KINDS[type];
  if (!kind) return undefined;
  const base = { urn, name: nameOfUrn(urn), type, kind, op };
  if (!SAFE_OPS.includes(op)) {
    const why = Array.isArray(step.replaceReasons) ? step.replaceReasons.map(String) : [];
    const reason =
      op === "delete" || op === "discard"
        ? `the ${kind} would be deleted (${op})`
        : `the ${kind} would be replaced or destroyed (${op})`;
    return { ...base, reasons: [why.length > 0 ? `${reason}; replace reasons: ${why}` : reason] };
  }
  if (op === "update" && VM_KINDS.includes(type)) {
    const reasons = vmUpdateProblems(
      isObj(oldState?.inputs) ? oldState.inputs : undefined,
      isObj(newState?.inputs) ? newState.inputs : undefined,
      isObj(step.detailedDiff) ? step.detailedDiff : undefined,
    );
    if (reasons.length > 0) return { ...base, reasons };
  }
  return undefined;
}

/** The verdict on a parsed preview document, `allow` being URNs let through (offboarding). */
export function guardPreview(doc: Obj, allow: readonly string[] = []): Verdict {
  const documentProblems: string[] = [];
  const steps = doc.steps;
  if (!Array.isArray(steps)) documentProblems.push("the document has no `steps` list");
  else if (steps.length === 0) documentProblems.push("the document has no steps (empty preview)");
  const diagnostics = Array.isArray(doc.diagnostics) ? doc.diagnostics.filter(isObj) : [];
  for (const d of diagnostics)
    if (d.severity === "error")
      documentProblems.push(
        `error diagnostic${d.urn ? ` on ${nameOfUrn(String(d.urn))}` : ""}: ${String(d.message ?? "").trim()}`,
      );
  const findings: Finding[] = [];
  const allowed: Finding[] = [];
  const stepList = Array.isArray(steps) ? steps : [];
  stepList.forEach((step, i) => {
    if (!isObj(step) || typeof step.urn !== "string" || typeof step.op !== "string") {
      documentProblems.push(`step ${i} has no urn or op`);
      return;
    }
    const finding = stepFinding(step);
    if (!finding) return;
    (allow.includes(finding.urn) ? allowed : findings).push(finding);
  });
  const unusedAllows = allow.filter((u) => !allowed.some((f) => f.urn === u));
  return {
    ok: documentProblems.length === 0 && findings.length === 0,
    documentProblems,
    findings,
    allowed,
    unusedAllows,
    stepsChecked: stepList.length,
  };
}

/** The verdict as text for the operator and the pull request. */
export function formatVerdict(v: Verdict): string {
  const lines: string[] = [];
  if (v.ok) lines.push(`guard: ok, ${v.stepsChecked} steps checked, nothing refused`);
  else
    lines.push(
      `guard: REFUSED, ${v.documentProblems.length + v.findings.length} problem(s); nothing may be deployed`,
    );
  for (const p of v.documentProblems) lines.push(`  document: ${p}`);
  for (const f of v.findings) {
    lines.push(`  ${f.name} (${f.kind}, ${f.op}):`);
    for (const r of f.reasons) lines.push(`    - ${r}`);
    lines.push(`    urn: ${f.urn}`);
  }
  for (const f of v.allowed)
    lines.push(`  allowed by --allow: ${f.name} (${f.kind}, ${f.op}): ${f.reasons.join("; ")}`);
  for (const u of v.unusedAllows) lines.push(`  note: --allow ${u} matched no refused step`);
  return `${lines.join("\n")}\n`;
}
