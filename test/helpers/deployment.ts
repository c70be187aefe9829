import type { RecordedResource } from "../../src/plan/mock-engine.js";
import type { PreviewDoc, StepState } from "./real-engine.js";

/**
 * Turns a first `pulumi preview --json` (every step a create) into a Pulumi deployment (`pulumi
 * stack import` format, version 3) as if the stack had been deployed: ids, outputs a provider would
 * return, default providers, secrets as encrypted-on-import secret values.
 *
 * - inputs: the preview's `newState.inputs`, which the real providers' Check already normalised
 *   (defaults, `__defaults`); the values the preview shows as "[secret]" are taken from the mock
 *   plan of the same program and config (`secretSource`), by type, name and path.
 * - outputs: the inputs without `__defaults`, plus the computed fields each provider returns
 *   (`COMPUTED`, from `pulumi package get-schema` and a no-change preview), plus `id`.
 * - ids: a VmLegacy's id is its VMID (the bpg provider's `d.SetId(vmID)`; `<node>/<vmid>` is only
 *   the import id), a bridge's `<node>:<name>`, a pool's pool id, others a stable fake.
 */

const SECRET_SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const UNKNOWN_ID = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

type Json = unknown;
export interface DeploymentResource {
  urn: string;
  custom: boolean;
  id?: string;
  type: string;
  inputs?: Record<string, Json>;
  outputs?: Record<string, Json>;
  parent?: string;
  provider?: string;
  protect?: boolean;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  additionalSecretOutputs?: string[];
  replaceOnChanges?: string[];
  ignoreChanges?: string[];
}
export interface Deployment {
  version: 3;
  deployment: {
    manifest: Record<string, Json>;
    secrets_providers?: Json;
    resources: DeploymentResource[];
  };
}

const secret = (value: Json) => ({
  [SECRET_SIG_KEY]: SECRET_SIG,
  plaintext: JSON.stringify(value),
});

/** Fields the command provider's schema marks secret inside a connection: its Check nests them. */
const NESTED_SECRETS = ["privateKey", "privateKeyPassword", "password"];

function withNestedSecrets(value: Json): Json {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, NESTED_SECRETS.includes(k) ? secret(v) : v]),
  );
}

/** Replaces every "[secret]" in `value` with the value at the same path of `revealed`, as a secret. */
function restoreSecrets(value: Json, revealed: Json, where: string): Json {
  if (value === "[secret]") {
    if (revealed === undefined) throw new Error(`no value for the secret at ${where}`);
    return secret(withNestedSecrets(revealed));
  }
  if (Array.isArray(value))
    return value.map((v, i) =>
      restoreSecrets(v, Array.isArray(revealed) ? revealed[i] : undefined, `${where}[${i}]`),
    );
  if (value && typeof value === "object") {
    const r = (revealed && typeof revealed === "object" ? revealed : {}) as Record<string, Json>;
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, restoreSecrets(v, r[k], `${where}.${k}`)]),
    );
  }
  return value;
}

/** Drops the bridge's `__defaults` bookkeeping, which only inputs carry. */
function withoutDefaults(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutDefaults);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => k !== "__defaults")
        .map(([k, v]) => [k, withoutDefaults(v)]),
    );
  return value;
}

const providerId = (urn: string) => {
  // a stable UUID-shaped id per provider URN
  let h = 0;
  for (const c of urn) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const hex = h.toString(16).padStart(8, "0");
  return `${hex}-0000-4000-8000-${hex}${hex.slice(0, 4)}`;
};

function idFor(state: StepState): string {
  const inputs = state.inputs ?? {};
  const name = state.urn.slice(state.urn.lastIndexOf("::") + 2);
  switch (state.type) {
    case "proxmoxve:index/vmLegacy:VmLegacy":
      return String(inputs.vmId);
    case "proxmoxve:network/linux/bridge:Bridge":
      return `${inputs.nodeName}:${inputs.name}`;
    case "proxmoxve:index/poolLegacy:PoolLegacy":
      return String(inputs.poolId);
    default:
      return `${name}-id`;
  }
}

/**
 * Computed outputs a provider returns besides the inputs, per type: the optional+computed
 * properties (`pulumi package get-schema <plugin binary>`) that a no-change preview reported as
 * `add` when missing. Any value of the schema's type makes the provider keep it (the plan copies
 * prior state for an unset optional+computed attribute); realistic ones are used where cheap.
 */
export const COMPUTED: Record<string, (inputs: Record<string, Json>) => Record<string, Json>> = {
  "command:remote:Command": () => ({ stdout: "", stderr: "" }),
  "proxmoxve:index/poolLegacy:PoolLegacy": () => ({ members: [] }),
  "proxmoxve:network/linux/bridge:Bridge": () => ({ timeoutReload: 100 }),
  "proxmoxve:index/vmLegacy:VmLegacy": vmComputed,
};

type Obj = Record<string, Json>;
const asObj = (v: Json): Obj => (v && typeof v === "object" && !Array.isArray(v) ? (v as Obj) : {});
const asList = (v: Json): Obj[] => (Array.isArray(v) ? v.map(asObj) : []);

function vmComputed(inputs: Obj): Obj {
  const nics = asList(inputs.networkDevices);
  const init = asObj(inputs.initialization);
  return {
    bootOrders: [],
    cdrom: { ...asObj(inputs.cdrom), enabled: false },
    cpu: {
      ...asObj(inputs.cpu),
      affinity: "",
      architecture: "",
      hotplugged: 0,
      limit: 0,
      numa: false,
      units: 0,
    },
    disks: asList(inputs.disks).map((d) => ({
      ...d,
      fileFormat: "raw",
      fileId: "",
      importFrom: "",
      pathInDatastore: `vm-${inputs.vmId}-disk-0`,
      queues: 0,
      serial: "",
    })),
    initialization: {
      ...init,
      dns: { ...asObj(init.dns), domain: "" },
      fileFormat: "raw",
      metaDataFileId: "",
      networkDataFileId: "",
      type: "",
      upgrade: false,
      userAccount: { ...asObj(init.userAccount), password: "" },
      userDataFileId: "",
      vendorDataFileId: "",
    },
    ipv4Addresses: [],
    ipv6Addresses: [],
    macAddresses: nics.map((n) => n.macAddress ?? ""),
    memory: {
      ...asObj(inputs.memory),
      floating: 0,
      hugepages: "",
      keepHugepages: false,
      shared: 0,
    },
    networkDevices: nics.map((n) => ({
      ...n,
      disconnected: false,
      enabled: true,
      mtu: 0,
      queues: 0,
      rateLimit: 0,
      trunks: "",
      vlanId: 0,
    })),
    networkInterfaceNames: [],
    reboot: false,
    stopOnDestroy: false,
    template: false,
    timeoutMoveDisk: 1800,
  };
}

/** Terraform-bridged providers return `id` among the outputs; native ones do not. */
const BRIDGED = ["proxmoxve:", "cloudflare:"];

/** Provider references of the preview carry the unknown id; the deployment's carry real ids. */
function providerRef(ref: string | undefined): string | undefined {
  if (!ref) return undefined;
  const urn = ref.slice(0, ref.lastIndexOf("::"));
  return `${urn}::${providerId(urn)}`;
}

/**
 * The deployment. `secretSource` are the mock plan's recordings of the same program (with the
 * same fake secrets as config); `base` is `pulumi stack export` of the empty stack (its secrets
 * provider and manifest).
 */
export function deploymentFromPreview(
  preview: PreviewDoc,
  secretSource: RecordedResource[],
  base: { deployment?: { manifest?: Record<string, Json>; secrets_providers?: Json } },
): Deployment {
  const revealed = new Map(secretSource.map((r) => [`${r.type}::${r.name}`, r.revealedInputs]));
  const resources: DeploymentResource[] = [];
  const defaultProviders = new Set<string>();
  for (const step of preview.steps) {
    const s = step.newState;
    if (!s) continue;
    if (s.provider) {
      const urn = s.provider.slice(0, s.provider.lastIndexOf("::"));
      if (urn.includes("::pulumi:providers:") && /::default(_[0-9_]+)?$/.test(urn))
        defaultProviders.add(urn);
    }
  }
  const stack = preview.steps.find((s) => s.newState?.type === "pulumi:pulumi:Stack")?.newState;
  for (const urn of defaultProviders) {
    const pkg = urn.split("::")[2].slice("pulumi:providers:".length);
    const version = /::default_([0-9_]+)$/.exec(urn)?.[1]?.replaceAll("_", ".");
    const inputs: Record<string, Json> = version ? { version } : {};
    resources.push({
      urn,
      custom: true,
      id: providerId(urn),
      type: `pulumi:providers:${pkg}`,
      inputs,
      outputs: inputs,
    });
  }
  for (const step of preview.steps) {
    const s = step.newState;
    if (!s) continue;
    const name = s.urn.slice(s.urn.lastIndexOf("::") + 2);
    const base: DeploymentResource = {
      urn: s.urn,
      custom: s.custom ?? false,
      type: s.type,
      parent: s.parent,
      protect: s.protect,
      dependencies: s.dependencies,
      propertyDependencies: s.propertyDependencies,
      additionalSecretOutputs: s.additionalSecretOutputs,
      replaceOnChanges: s.replaceOnChanges,
      ignoreChanges: s.ignoreChanges,
    };
    if (!s.custom) {
      resources.push({ ...base, outputs: {} });
      continue;
    }
    const inputs = restoreSecrets(
      s.inputs ?? {},
      revealed.get(`${s.type}::${name}`),
      s.urn,
    ) as Record<string, Json>;
    const isProvider = s.type.startsWith("pulumi:providers:");
    const outputs = isProvider
      ? Object.fromEntries(Object.entries(inputs).filter(([k]) => k !== "__internal"))
      : {
          ...(withoutDefaults(inputs) as Record<string, Json>),
          ...(withoutDefaults(COMPUTED[s.type]?.(inputs) ?? {}) as Record<string, Json>),
        };
    const secretOutputs = s.additionalSecretOutputs ?? [];
    for (const key of secretOutputs)
      if (key in outputs && !isSecretValue(outputs[key])) outputs[key] = secret(outputs[key]);
    resources.push({
      ...base,
      id: isProvider ? providerId(s.urn) : idFor(s),
      provider: providerRef(s.provider),
      inputs,
      outputs:
        !isProvider && BRIDGED.some((p) => s.type.startsWith(p))
          ? { ...outputs, id: idFor(s) }
          : outputs,
    });
  }
  if (!stack) throw new Error("the preview has no Stack resource");
  return {
    version: 3,
    deployment: {
      manifest: base.deployment?.manifest ?? {
        time: new Date().toISOString(),
        magic: "",
        version: "",
      },
      secrets_providers: base.deployment?.secrets_providers,
      resources: [
        ...resources.filter((r) => r.type === "pulumi:pulumi:Stack"),
        ...resources.filter((r) => r.type !== "pulumi:pulumi:Stack"),
      ],
    },
  };
}

function isSecretValue(v: Json): boolean {
  return !!v && typeof v === "object" && (v as Record<string, Json>)[SECRET_SIG_KEY] === SECRET_SIG;
}

export { UNKNOWN_ID };
