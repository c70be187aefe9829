import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { analyze, type HostingPlan } from "../../src/model/analyze.js";
import { betaConfigValues } from "../helpers/fixtures.js";
import { examples } from "../helpers/plan.js";

/** The plan for a customers folder on the beta stack, with hosting:* overrides. */
export function planFor(
  customers: "customers" | "edge-cases" | string,
  overrides: Record<string, unknown> = {},
): HostingPlan {
  const dir =
    customers === "customers" || customers === "edge-cases" ? examples(customers) : customers;
  const analysis = analyze({
    configValues: { ...betaConfigValues(), ...overrides },
    configFile: "Pulumi.beta.yaml",
    customersDir: dir,
  });
  if (!analysis.plan) throw new Error(analysis.issues.map((i) => i.message).join("\n"));
  return analysis.plan;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `lsu-mon-${prefix}-`));
}

/** Writes relative path → content under dir. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function run(argv: string[], opts: { input?: string; cwd?: string } = {}): Run {
  const r = spawnSync(argv[0], argv.slice(1), {
    input: opts.input ?? "",
    cwd: opts.cwd,
    encoding: "utf8",
    timeout: 60_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

let nsCounter = 0;
/** A fresh network namespace named mon…, with loopback up; returns its name. */
export function newNamespace(tag: string): string {
  const ns = `mon${tag}${process.pid % 100000}x${nsCounter++}`;
  const r = run(["bash", "-c", `ip netns add ${ns} && ip -n ${ns} link set lo up`]);
  if (r.code !== 0) throw new Error(`ip netns add ${ns}: ${r.stderr}`);
  return ns;
}

export function deleteNamespace(ns: string): void {
  run(["ip", "netns", "pids", ns])
    .stdout.split("\n")
    .filter(Boolean)
    .forEach((pid) => {
      try {
        process.kill(Number(pid), "SIGKILL");
      } catch {
        // already gone
      }
    });
  run(["ip", "netns", "del", ns]);
}

/** Polls `f` until it returns a value, every 200 ms, for up to `ms`. */
export async function waitFor<T>(f: () => Promise<T | undefined> | T | undefined, ms = 20_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 200));
  }
}
