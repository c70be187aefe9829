import { spawnSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PROJECT_DIR } from "./fixtures.js";

/**
 * The real Pulumi CLI and provider plugins for tests. Found, in order:
 *   1. `LSU_PULUMI_BIN_DIR`: a folder holding `pulumi` and the plugins (`.ci/run` sets it);
 *   2. `../shared/toolchain/install.sh` beside the clone: unpacked once into a folder under the
 *      system temp dir (serialised with flock, so parallel test files share one install).
 * Absent → the tests skip and say why; `REAL_ENGINE_REQUIRED=1` (set by `.ci/run`) turns the skip
 * into a failure.
 */
export interface Toolchain {
  binDir?: string;
  /** why there is no toolchain (set when binDir is not) */
  missing?: string;
}

const PLUGINS = [
  "pulumi",
  "pulumi-language-nodejs",
  "pulumi-resource-command",
  "pulumi-resource-proxmoxve",
  "pulumi-resource-cloudflare",
  "pulumi-resource-pulumi-nodejs",
];

export const SHARED_TOOLCHAIN = join(PROJECT_DIR, "..", "shared", "toolchain");

export function findToolchain(env = process.env): Toolchain {
  const fromEnv = env.LSU_PULUMI_BIN_DIR;
  if (fromEnv) {
    const absent = PLUGINS.filter((p) => !existsSync(join(fromEnv, p)));
    if (absent.length > 0)
      return { missing: `LSU_PULUMI_BIN_DIR=${fromEnv} lacks ${absent.join(", ")}` };
    return { binDir: fromEnv };
  }
  const install = join(SHARED_TOOLCHAIN, "install.sh");
  if (!existsSync(install))
    return {
      missing:
        "the real Pulumi toolchain is absent: LSU_PULUMI_BIN_DIR is not set and there is no " +
        `${install} (run ../shared/toolchain/install.sh DIR . and set LSU_PULUMI_BIN_DIR=DIR/bin)`,
    };
  const dir = join(tmpdir(), `lsu-pulumi-toolchain-${process.getuid?.() ?? 0}`);
  mkdirSync(dir, { recursive: true });
  const r = spawnSync("flock", [join(dir, ".lock"), install, dir, PROJECT_DIR], {
    encoding: "utf8",
    env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" },
    timeout: 300_000,
  });
  if (r.status !== 0)
    return { missing: `${install} failed: ${r.error?.message ?? ""}${r.stderr}${r.stdout}` };
  return { binDir: join(dir, "bin") };
}

/**
 * Calls `skip(reason)` when the toolchain is absent, unless REAL_ENGINE_REQUIRED=1, which throws.
 * Returns the folder of the binaries when present.
 */
export function requireToolchain(tc: Toolchain, env = process.env): string | undefined {
  if (tc.binDir) return tc.binDir;
  if (env.REAL_ENGINE_REQUIRED === "1")
    throw new Error(`REAL_ENGINE_REQUIRED=1 but ${tc.missing ?? "no toolchain"}`);
  return undefined;
}

/** Fake credentials: recognisable so a test can prove none of them is ever printed or stored. */
export const FAKE_SECRETS = {
  "proxmoxve:apiToken": "pulumi@pve!iac=fake-pve-token-7c1e0b5d8a",
  "cloudflare:apiToken": "fakecfTOKEN_3b9d1e7a5c2f4e6a8b0d1c3e5f7a9b2d",
  "hosting:edgeSshKey":
    // no final newline: `pulumi config set` reading stdin drops it
    "-----BEGIN OPENSSH PRIVATE KEY-----\nfake-edge-ssh-key-4f2a9c6e1b8d\n-----END OPENSSH PRIVATE KEY-----",
} as const;

/** A distinctive part of each fake secret, to search for in outputs and state. */
export const SECRET_MARKERS = [
  "fake-pve-token-7c1e0b5d8a",
  "fakecfTOKEN_3b9d1e7a5c2f4e6a8b0d1c3e5f7a9b2d",
  "fake-edge-ssh-key-4f2a9c6e1b8d",
];

/** Endpoints where nothing listens: no request can leave the machine. */
export const DEAD_ENDPOINTS = {
  proxmox: "https://127.0.0.1:9/",
  cloudflare: "http://127.0.0.1:9/client/v4",
} as const;

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * A copy of the project in a temp folder with its own local file backend, PULUMI_HOME and the
 * `beta` stack, set up with the README's commands (`stack select --create`, `config set
 * --secret`). node_modules is a symlink to the project's.
 */
export class EngineWorkspace {
  readonly root: string;
  readonly project: string;
  readonly backend: string;
  private readonly env: Record<string, string>;

  constructor(
    readonly binDir: string,
    customersSource = join(PROJECT_DIR, "examples", "customers"),
  ) {
    this.root = mkdtempSync(join(tmpdir(), "lsu-engine-"));
    this.project = join(this.root, "project");
    this.backend = join(this.root, "state");
    mkdirSync(this.project);
    mkdirSync(this.backend);
    for (const f of ["src", "Pulumi.yaml", "Pulumi.beta.yaml", "package.json", "tsconfig.json"])
      cpSync(join(PROJECT_DIR, f), join(this.project, f), { recursive: true });
    cpSync(customersSource, this.customersDir, { recursive: true });
    symlinkSync(join(PROJECT_DIR, "node_modules"), join(this.project, "node_modules"));
    this.env = {
      PATH: `${binDir}:${process.env.PATH ?? "/usr/bin:/bin"}`,
      HOME: this.root,
      PULUMI_HOME: join(this.root, "pulumi-home"),
      PULUMI_BACKEND_URL: `file://${this.backend}`,
      PULUMI_CONFIG_PASSPHRASE: "real-engine-test-passphrase",
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      PULUMI_DIY_BACKEND_NO_LEGACY_WARNING: "true",
      CLOUDFLARE_BASE_URL: DEAD_ENDPOINTS.cloudflare,
      NO_PROXY: "*",
    };
  }

  get customersDir(): string {
    return join(this.project, "customers");
  }

  /** The stack's checkpoint in the local backend. */
  get stateFile(): string {
    return join(this.backend, ".pulumi", "stacks", "lightspeedup-hosting", "beta.json");
  }

  pulumi(args: string[], input?: string): CliResult {
    const r = spawnSync(join(this.binDir, "pulumi"), [...args, "--non-interactive"], {
      cwd: this.project,
      env: this.env,
      input,
      encoding: "utf8",
      timeout: 180_000,
      maxBuffer: 256 * 1024 * 1024,
    });
    return {
      status: r.status,
      stdout: r.stdout ?? "",
      stderr: `${r.stderr ?? ""}${r.error ?? ""}`,
    };
  }

  /** Like `pulumi`, but throws with the CLI's output when it fails. */
  must(args: string[], input?: string): CliResult {
    const r = this.pulumi(args, input);
    if (r.status !== 0)
      throw new Error(`pulumi ${args.join(" ")} → ${r.status}\n${r.stderr}\n${r.stdout}`);
    return r;
  }

  /** The README's set-up: the beta stack with its three secrets, endpoints made unreachable. */
  initBetaStack(): void {
    this.must(["stack", "select", "--create", "beta"]);
    for (const [key, value] of Object.entries(FAKE_SECRETS))
      this.must(["config", "set", "--secret", key], value);
    this.must(["config", "set", "proxmoxve:endpoint", DEAD_ENDPOINTS.proxmox]);
  }

  /** `pulumi preview --json`: the parsed document and the raw output. */
  preview(extra: string[] = []): { doc: PreviewDoc; raw: CliResult } {
    const raw = this.pulumi(["preview", "--json", ...extra]);
    let doc: PreviewDoc;
    try {
      doc = JSON.parse(raw.stdout) as PreviewDoc;
    } catch {
      throw new Error(
        `pulumi preview printed no JSON (${raw.status})\n${raw.stderr}\n${raw.stdout}`,
      );
    }
    return { doc, raw };
  }

  writeCustomer(name: string, text: string): void {
    writeFileSync(join(this.customersDir, `${name}.yaml`), text);
  }

  readCustomer(name: string): string {
    return readFileSync(join(this.customersDir, `${name}.yaml`), "utf8");
  }

  removeCustomer(name: string): void {
    rmSync(join(this.customersDir, `${name}.yaml`));
  }

  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** The parts of `pulumi preview --json` the tests read. */
export interface PreviewStep {
  op: string;
  urn: string;
  provider?: string;
  oldState?: StepState;
  newState?: StepState;
  diffReasons?: string[];
  replaceReasons?: string[];
  detailedDiff?: Record<string, { kind: string; inputDiff?: boolean }> | null;
}
export interface StepState {
  urn: string;
  type: string;
  custom?: boolean;
  id?: string;
  parent?: string;
  provider?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  protect?: boolean;
  dependencies?: string[];
  propertyDependencies?: Record<string, string[]>;
  additionalSecretOutputs?: string[];
  replaceOnChanges?: string[];
  ignoreChanges?: string[];
  [key: string]: unknown;
}
export interface PreviewDoc {
  config?: Record<string, string>;
  steps: PreviewStep[];
  diagnostics?: { urn?: string; message: string; severity: string }[];
  changeSummary?: Record<string, number>;
}

/** The resource name: the URN's last `::` part. */
export const nameOf = (urn: string) => urn.slice(urn.lastIndexOf("::") + 2);
export const typeOfUrn = (urn: string) => {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return qualified.slice(qualified.lastIndexOf("$") + 1);
};
