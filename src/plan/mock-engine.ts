import * as pulumi from "@pulumi/pulumi";

/**
 * Runs Pulumi programs in-process under Pulumi's mock engine and records every registration with
 * its inputs and resource options (options never reach the mocks' `newResource`, so the monitor's
 * `registerResource` is wrapped; reference/pulumi.md §1.3).
 */

export interface RecordedResource {
  type: string;
  name: string;
  /** the URN the engine answered with (mock URNs carry only the parent's own type) */
  urn: string;
  custom: boolean;
  parentUrn: string;
  /** inputs as sent to the engine; secrets shown as "[secret]" */
  inputs: Record<string, unknown>;
  /** the same with secret values revealed: for tests only, never printed */
  revealedInputs: Record<string, unknown>;
  options: {
    protect: boolean;
    ignoreChanges: string[];
    deleteBeforeReplace: boolean;
    /** URNs of every resource it depends on (explicit dependsOn and implicit ones) */
    dependsOn: string[];
    importId: string;
    provider: string;
  };
}

const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const RESOURCE_SIG = "5cf8f73096256a8f31e491e813e4eb8e";
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/**
 * Replaces the engine's wire encodings: secrets → "[secret]" (or their value when `reveal`),
 * resource references → their URN.
 */
export function readableValue(value: unknown, reveal = false): unknown {
  if (value === UNKNOWN) return "[unknown]";
  if (Array.isArray(value)) return value.map((v) => readableValue(v, reveal));
  if (value && typeof value === "object") {
    const obj = value as Record<string, unknown>;
    if (obj[SIG_KEY] === SECRET_SIG) return reveal ? readableValue(obj.value, reveal) : "[secret]";
    if (obj[SIG_KEY] === RESOURCE_SIG) return obj.urn;
    return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, readableValue(v, reveal)]));
  }
  return value;
}

/** The parts of the engine's RegisterResourceRequest (protobuf) that the recorder reads. */
interface RegisterRequest {
  getParent(): string;
  getType(): string;
  getName(): string;
  getCustom(): boolean;
  getObject():
    | {
        toJavaScript(): Record<string, unknown>;
        getFieldsMap(): { get(key: string): { getNumberValue(): number } | undefined };
      }
    | undefined;
  getProtect(): boolean | undefined;
  getIgnorechangesList(): string[];
  getDeletebeforereplace(): boolean;
  getDependenciesList(): string[];
  getImportid(): string;
  getProvider(): string;
}
/** The parts of the engine's RegisterResourceResponse that the SDK reads. */
interface RegisterResponse {
  getUrn(): string;
  getId(): string;
  getObject(): { toJavaScript(): Record<string, unknown> };
  getPropertydependenciesMap(): undefined;
  getResult(): number;
}
type RegisterCallback = (err: unknown, response: RegisterResponse | undefined) => void;

/**
 * One registration. The inputs are kept as the engine received them and made readable only when
 * read (nothing but a test or a report reads them, and a plan of 1,000 customers holds thousands
 * of large inputs); both views are own enumerable properties, so spreading or printing a record
 * works as for a plain object.
 */
function recordRegistration(req: RegisterRequest): RecordedResource {
  const struct = req.getObject();
  let converted: Record<string, unknown> | undefined;
  const wire = () => {
    converted ??= struct?.toJavaScript() ?? {};
    return converted;
  };
  const recorded = {
    type: req.getType(),
    name: req.getName(),
    urn: "",
    custom: req.getCustom(),
    parentUrn: req.getParent(),
    options: {
      protect: req.getProtect() ?? false,
      ignoreChanges: req.getIgnorechangesList(),
      deleteBeforeReplace: req.getDeletebeforereplace(),
      dependsOn: req.getDependenciesList(),
      importId: req.getImportid(),
      provider: req.getProvider(),
    },
  };
  return Object.defineProperties(recorded, {
    inputs: lazyView(() => readableValue(wire())),
    revealedInputs: lazyView(() => readableValue(wire(), true)),
  }) as RecordedResource;
}

/** A property computed on first read and kept. */
function lazyView(compute: () => unknown): PropertyDescriptor {
  let value: unknown;
  let done = false;
  return {
    enumerable: true,
    get() {
      if (!done) {
        value = compute();
        done = true;
      }
      return value;
    },
  };
}

export interface MockRun {
  resources: RecordedResource[];
}

/**
 * The mock provider's answer: an id, and no state. Outside a preview the SDK resolves every output
 * a provider does not return from the resource's own input (round-tripped, secrets kept), so the
 * outputs are those of a provider that echoes its inputs; returning the inputs as state as well
 * converted every input twice more through protobuf, a fifth of the time of a large plan.
 */
function mockState(
  type: string,
  name: string,
  req: RegisterRequest,
): { id: string; state: Record<string, string> } {
  if (type === "proxmoxve:index/vmLegacy:VmLegacy") {
    const vmId = req.getObject()?.getFieldsMap().get("vmId")?.getNumberValue();
    return { id: String(vmId), state: {} };
  }
  // a remote command's output (an empty one: nothing ran)
  if (type === "command:remote:Command") return { id: `${name}-id`, state: { stdout: "" } };
  return { id: `${name}-id`, state: {} };
}

/** The parts of Pulumi's MockMonitor this module uses (runtime/mocks.js). */
interface MockMonitor {
  registerResource: (req: RegisterRequest, cb: RegisterCallback) => void;
  newUrn(parent: string, type: string, name: string): string;
  resources: Map<string, { urn: string; id: string | null; state: Record<string, unknown> }>;
}

/**
 * Answers a registration as Pulumi's MockMonitor does with `mockState` as the mocks, without its
 * detour through the inputs: MockMonitor deserialises every request's inputs for `newResource`
 * and serialises the answer back to protobuf, and the plan's inputs are large (every edge command
 * carries its scripts). The answer has the shape the SDK reads (runtime/resource.js uses the same
 * plain shape when no engine is attached); the monitor's table is kept for registerResourceOutputs.
 */
function answerRegistration(monitor: MockMonitor, req: RegisterRequest): RegisterResponse {
  const type = req.getType();
  const name = req.getName();
  const { id, state } = mockState(type, name, req);
  const urn = monitor.newUrn(req.getParent(), type, name);
  monitor.resources.set(urn, { urn, id, state });
  return new MockAnswer(urn, id, state);
}

/** A class, not an object of arrow functions: tsx names every such function, per registration. */
class MockAnswer implements RegisterResponse {
  constructor(
    private readonly urn: string,
    private readonly id: string,
    private readonly state: Record<string, string>,
  ) {}
  getUrn() {
    return this.urn;
  }
  getId() {
    return this.id;
  }
  getObject() {
    return { toJavaScript: () => ({ ...this.state }) };
  }
  getPropertydependenciesMap() {
    return undefined;
  }
  getResult() {
    return 0;
  }
}

/**
 * Installs fresh mocks with `config` (namespaced keys, string values) and returns the recording.
 * Call again for every evaluation; config persists across setMocks calls, so it is reset each time.
 */
export async function installMocks(options: {
  project: string;
  stack: string;
  config: Record<string, string>;
  secretKeys: string[];
}): Promise<MockRun> {
  const run: MockRun = { resources: [] };
  pulumi.runtime.setAllConfig(options.config, options.secretKeys);
  await pulumi.runtime.setMocks(
    {
      // registrations are answered by `answerRegistration`; reads never happen in this program
      newResource: (args) => {
        throw new Error(`no mock for reading ${args.type} ${args.name}`);
      },
      call: (args) => {
        throw new Error(`no mock for invoke ${args.token}`);
      },
    },
    options.project,
    options.stack,
    false,
  );
  const monitor = pulumi.runtime.getMonitor() as unknown as MockMonitor;
  monitor.registerResource = (req: RegisterRequest, cb: RegisterCallback) => {
    const recorded = recordRegistration(req);
    run.resources.push(recorded);
    const answer = answerRegistration(monitor, req);
    recorded.urn = answer.getUrn();
    cb(null, answer);
  };
  return run;
}

/** Waits until every queued registration has reached the monitor (internal runtime API). */
export async function settle(): Promise<void> {
  await (pulumi.runtime as unknown as { waitForRPCs: () => Promise<void> }).waitForRPCs();
}
