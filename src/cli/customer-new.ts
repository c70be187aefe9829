import { copyFileSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { isAbsolute, join } from "node:path";
import { stringify } from "yaml";
import { PACKAGE_NAMES, type PackageName } from "../catalog/packages.js";
import { decodeHostingConfig } from "../config/decode.js";
import type { HostingConfig } from "../config/schema.js";
import { configLocator, loadStackConfig } from "../config/stack-files.js";
import { validateHostingConfig } from "../config/validate-config.js";
import { analyze } from "../model/analyze.js";
import { CUSTOMER_NAME, ROLE_NAME } from "../model/customer-schema.js";
import { formatIssue } from "../model/issues.js";
import { type LoadedCustomers, loadCustomers, RETIRED_FILE } from "../model/load-customers.js";
import { EDGE_MAX_SLOT, edgeSlotIndex, ISOLATED_FIRST_HOST } from "../network/addressing.js";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { oneCustomerName, parseStackCli, usageError } from "./stack-args.js";

const USAGE = `usage: npm run customer:new -- NAME --package P [--network isolated] [--domain D]...
                                [--contact E] [--role R] [--stack NAME] [--customers DIR]

Writes customers/NAME.yaml with the next free VMID (never a reserved or retired one) and, for an
isolated customer, the next free bridge with a free edge NIC slot and a pinned address. The new
file is validated with every other customer file before it is written; nothing is written when
it would be refused (the file exists, capacity, no free VMID or bridge).
Exit codes: 0 written, 1 refused, 2 bad usage.

  --package P     ${PACKAGE_NAMES.join(" | ")}
  --network N     community (default) | isolated
  --domain D      a domain the customer's site answers on (repeat for more)
  --contact E     the customer's contact e-mail (default: hosting:adminEmail, to be replaced)
  --role R        the VM's role (default web)`;

export const SCHEMA_LINE = "# yaml-language-server: $schema=./customer.schema.json";

export interface Allocation {
  vmid: number;
  /** isolated only */
  bridge?: string;
  address?: number;
}

/**
 * The next free VMID (and for isolated the next free bridge whose edge NIC slot is usable), never
 * one that is used, reserved, retired, the edge's or a template's. Pure. Returns the reason when
 * the IDs ran out.
 */
export function allocate(
  loaded: Pick<LoadedCustomers, "customers" | "retired">,
  config: HostingConfig,
  network: "community" | "isolated",
): Allocation | { refused: string } {
  const taken = new Set<number>([
    ...loaded.customers.flatMap((c) => c.customer.vms.map((v) => v.vmid)),
    ...config.reservedVmids.map((r) => r.vmid),
    ...loaded.retired.vmids.map((r) => r.vmid),
    config.edge.vmId,
    ...Object.values(config.templates).map((t) => t.vmId),
  ]);
  const { first, last } = config.customerVmids;
  let vmid: number | undefined;
  for (let id = first; id <= last && vmid === undefined; id++) if (!taken.has(id)) vmid = id;
  if (vmid === undefined) {
    return {
      refused: `no free VMID is left in the customer range ${first}-${last} (used, reserved in hosting:reservedVmids or retired in ${RETIRED_FILE})`,
    };
  }
  if (network === "community") return { vmid };
  const usedBridges = new Set([
    ...loaded.customers.flatMap((c) => (c.customer.bridge ? [c.customer.bridge] : [])),
    ...loaded.retired.bridges.map((b) => b.bridge),
  ]);
  const reservedSlots = new Set([config.edge.uplink.slot, ...config.edge.reservedSlots]);
  const { firstBridge, lastBridge } = config.isolated;
  for (let n = firstBridge; n <= lastBridge; n++) {
    const slot = edgeSlotIndex(n);
    if (slot > EDGE_MAX_SLOT) break;
    if (reservedSlots.has(`net${slot}`) || usedBridges.has(`vmbr${n}`)) continue;
    return { vmid, bridge: `vmbr${n}`, address: ISOLATED_FIRST_HOST };
  }
  return {
    refused: `no free isolated bridge with a free edge NIC slot is left (vmbr${firstBridge}..vmbr${Math.min(lastBridge, EDGE_MAX_SLOT + 9)}, minus used, retired and reserved slots)`,
  };
}

/** The new customer file's text: the schema line, then the YAML document. Pure. */
export function customerFileText(spec: {
  name: string;
  contact: string;
  packageName: PackageName;
  role: string;
  network: "community" | "isolated";
  allocation: Allocation;
  domains: string[];
}): string {
  const { allocation } = spec;
  const doc = {
    name: spec.name,
    contact: spec.contact,
    ...(spec.network === "isolated" && { network: "isolated", bridge: allocation.bridge }),
    vms: [
      {
        vmid: allocation.vmid,
        package: spec.packageName,
        role: spec.role,
        ...(allocation.address !== undefined && { address: allocation.address }),
      },
    ],
    sshKeys: [],
    ...(spec.domains.length > 0 && { domains: spec.domains.map((name) => ({ name })) }),
  };
  return `${SCHEMA_LINE}\n${stringify(doc, { lineWidth: 0 })}`;
}

/** `npm run customer:new -- NAME --package P …` */
export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseStackCli(
    argv,
    {
      package: { type: "string" },
      network: { type: "string", default: "community" },
      domain: { type: "string", multiple: true, default: [] },
      contact: { type: "string" },
      role: { type: "string", default: "web" },
    },
    USAGE,
    io,
    true,
  );
  if ("exit" in parsed) return parsed.exit;
  const { values, positionals } = parsed;
  const one = oneCustomerName(positionals, USAGE, io);
  if ("exit" in one) return one.exit;
  const { name } = one;
  const packageName = values.package;
  if (
    typeof packageName !== "string" ||
    !(PACKAGE_NAMES as readonly string[]).includes(packageName)
  )
    return usageError(`--package must be one of ${PACKAGE_NAMES.join(", ")}`, USAGE, io).exit;
  const network = values.network;
  if (network !== "community" && network !== "isolated")
    return usageError("--network must be community or isolated", USAGE, io).exit;
  const role = String(values.role);
  if (!CUSTOMER_NAME.test(name)) {
    io.stderr(
      `refused: NAME "${name}" must be 2-32 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'\n`,
    );
    return EXIT.refused;
  }
  if (!ROLE_NAME.test(role))
    return usageError(`--role "${role}" is not a valid role`, USAGE, io).exit;

  const customersDir = isAbsolute(values.customers)
    ? values.customers
    : join(io.cwd, values.customers);
  const target = join(customersDir, `${name}.yaml`);
  const shown = join(values.customers, `${name}.yaml`);
  if (existsSync(target)) {
    io.stderr(`refused: ${shown} already exists; nothing was written (edit it instead)\n`);
    return EXIT.refused;
  }

  let stackFile: string;
  let configValues: Record<string, unknown>;
  try {
    const stack = loadStackConfig(io.cwd, values.stack);
    stackFile = stack.stackFile;
    configValues = decodeHostingConfig(stack.config);
  } catch (e) {
    return usageError((e as Error).message, USAGE, io).exit;
  }
  const configLocate = configLocator(io.cwd, values.stack);
  const { config, issues: configIssues } = validateHostingConfig(
    configValues,
    stackFile,
    configLocate,
  );
  const loaded = loadCustomers(customersDir);
  if (!config || loaded.issues.length > 0) {
    io.stderr(
      `refused: fix these problems first; nothing was written\n${[...configIssues, ...loaded.issues].map(formatIssue).join("\n")}\n`,
    );
    return EXIT.refused;
  }
  const allocation = allocate(loaded, config, network);
  if ("refused" in allocation) {
    io.stderr(`refused: ${allocation.refused}; nothing was written\n`);
    return EXIT.refused;
  }
  const domains = (values.domain as string[]).map((d) => d.toLowerCase());
  const contact = typeof values.contact === "string" ? values.contact : config.adminEmail;
  const text = customerFileText({
    name,
    contact,
    packageName: packageName as PackageName,
    role,
    network,
    allocation,
    domains,
  });

  // Validate the new file with all the others, exactly as plan and preview will, in a copy.
  const trial = mkdtempSync(join(tmpdir(), "lsu-customer-new-"));
  try {
    for (const entry of readdirSync(customersDir)) {
      if (entry.endsWith(".yaml")) copyFileSync(join(customersDir, entry), join(trial, entry));
    }
    writeFileSync(join(trial, `${name}.yaml`), text);
    const analysis = analyze({
      configValues,
      configFile: stackFile,
      configLocate,
      customersDir: trial,
    });
    if (!analysis.plan) {
      const problems = analysis.issues.map((i) =>
        formatIssue(i).split(trial).join(values.customers),
      );
      io.stderr(
        `refused: the new file would not be valid; nothing was written\n${problems.join("\n")}\n`,
      );
      return EXIT.refused;
    }
  } finally {
    rmSync(trial, { recursive: true, force: true });
  }

  writeFileSync(target, text, { flag: "wx" });
  const where = allocation.bridge
    ? `, bridge ${allocation.bridge} (address .${allocation.address})`
    : "";
  io.stdout(
    [
      `wrote ${shown}: VM ${allocation.vmid} ${packageName}${where}`,
      ...(typeof values.contact === "string"
        ? []
        : [
            "contact: not given, set to hosting:adminEmail; replace it with the customer's address",
          ]),
      "next: add the customer's SSH keys, then open a pull request (docs/runbooks/onboarding.md);",
      `      npm run plan -- --diff origin/main --customers ${values.customers}`,
      "",
    ].join("\n"),
  );
  return EXIT.ok;
}
