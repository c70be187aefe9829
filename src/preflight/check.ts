/**
 * What `npm test` needs on the machine, checked before anything runs (pure: the facts come in).
 * The edge tests run a real nginx, certbot, pebble, sshd and iptables inside network namespaces
 * they create, so the suite needs root and the Debian packages listed in .ci/apt-packages.
 */

export interface MachineFacts {
  platform: string;
  /** process.version, e.g. "v20.20.2" */
  nodeVersion: string;
  /** undefined where there is no uid (not POSIX) */
  uid: number | undefined;
  /** the packages .ci/apt-packages lists */
  packages: string[];
  /** the installed ones; undefined when dpkg-query is absent (not Debian) */
  installed: Set<string> | undefined;
  /** node_modules installed (npm ci) */
  nodeModules: boolean;
  /** where the real Pulumi toolchain comes from, if anywhere */
  toolchain: string | undefined;
  realEngineRequired: boolean;
}

export interface PreflightResult {
  ok: boolean;
  lines: string[];
}

/** Parses .ci/apt-packages: one package a line, `#` comments. */
export function parseAptPackages(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.replace(/#.*/, "").trim())
    .filter((l) => l !== "");
}

export function preflight(f: MachineFacts): PreflightResult {
  const missing: string[] = [];
  const major = Number(/^v(\d+)/.exec(f.nodeVersion)?.[1] ?? 0);
  if (major < 20) missing.push(`Node 20 or newer (this is ${f.nodeVersion})`);
  if (!f.nodeModules) missing.push("the npm packages: run `npm ci` first");
  if (f.platform !== "linux")
    missing.push(`Linux (this is ${f.platform}): the edge tests use network namespaces`);
  const root = f.uid === 0;
  if (!root)
    missing.push(
      "root: the edge tests create network namespaces and run nginx, certbot, pebble and sshd " +
        `inside them (this is uid ${f.uid ?? "unknown"}); run: sudo npm test`,
    );
  const sudo = root ? "" : "sudo ";
  if (f.installed === undefined)
    missing.push(
      "a Debian (12) system with dpkg: the tests need these Debian packages: " +
        f.packages.join(" "),
    );
  else {
    const absent = f.packages.filter((p) => !f.installed?.has(p));
    if (absent.length > 0)
      missing.push(
        `Debian packages not installed: ${absent.join(", ")}\n` +
          `    install them with: ${sudo}apt-get update && ${sudo}apt-get install -y ` +
          `--no-install-recommends ${absent.join(" ")}`,
      );
  }
  if (f.realEngineRequired && !f.toolchain)
    missing.push(
      "the real Pulumi toolchain (REAL_ENGINE_REQUIRED=1): set LSU_PULUMI_BIN_DIR or put " +
        "shared/toolchain beside the clone (.ci/run installs it)",
    );
  if (missing.length > 0)
    return {
      ok: false,
      lines: [
        "preflight: npm test cannot run on this machine; nothing was run. Missing:",
        ...missing.map((m) => `  - ${m}`),
      ],
    };
  return {
    ok: true,
    lines: [
      `preflight: ok (root, ${f.packages.length} Debian packages, Node ${f.nodeVersion}; real ` +
        `Pulumi toolchain: ${f.toolchain ?? "absent, the real-engine tests will skip"})`,
    ],
  };
}
