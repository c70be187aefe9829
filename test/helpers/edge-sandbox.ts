import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { EdgePaths } from "../../src/edge/paths.js";

/**
 * A sandbox playing the edge VM: a copy of Debian's stock /etc/nginx (nginx.conf, conf.d,
 * sites-enabled/default) under a temporary root, a real nginx, and — for certificates — Debian's
 * pebble ACME server with pebble-challtestsrv as fake DNS, all inside a network namespace of its
 * own with only a loopback interface, so no packet can leave.
 */
export interface CommandResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

let counter = 0;

export class EdgeSandbox {
  readonly root: string;
  readonly ns: string;
  readonly bin: string;
  readonly paths: EdgePaths;
  private children: ChildProcess[] = [];
  acmeServer?: string;
  private caBundle?: string;

  /** `ns` and `tmpPrefix` let a caller (the lab) name the namespace and folder itself. */
  constructor(opts: { ns?: string; tmpPrefix?: string } = {}) {
    this.root = mkdtempSync(join(tmpdir(), opts.tmpPrefix ?? "lsu-edge-"));
    chmodSync(this.root, 0o755); // nginx workers (www-data) read the webroot
    this.ns = opts.ns ?? `lsu-t${process.pid}-${counter++}`;
    this.bin = join(this.root, "bin");
    const etc = join(this.root, "etc", "nginx");
    mkdirSync(this.bin, { recursive: true });
    cpSync("/etc/nginx", etc, { recursive: true, verbatimSymlinks: true });
    // Debian's default site is a link to sites-available/default: point it into the sandbox.
    rmSync(join(etc, "sites-enabled", "default"), { force: true });
    spawnSync("ln", [
      "-s",
      join(etc, "sites-available", "default"),
      join(etc, "sites-enabled", "default"),
    ]);
    const conf = readFileSync(join(etc, "nginx.conf"), "utf8")
      .replaceAll("/etc/nginx/", `${etc}/`)
      .replace(/^pid .*$/m, `pid ${this.root}/nginx.pid;`)
      .replace(/error_log [^;]+;/, `error_log ${this.root}/error.log;`)
      .replace(/access_log [^;]+;/, `access_log ${this.root}/access.log;`);
    writeFileSync(join(etc, "nginx.conf"), conf);
    const shim = (name: string, body: string) => {
      writeFileSync(join(this.bin, name), `#!/bin/bash\n${body}\n`);
      chmodSync(join(this.bin, name), 0o755);
    };
    shim("nginx", `exec /usr/sbin/nginx -e ${this.root}/error.log -c ${etc}/nginx.conf "$@"`);
    this.paths = {
      nginxDir: etc,
      letsencryptDir: join(this.root, "letsencrypt"),
      letsencryptWorkDir: join(this.root, "letsencrypt-work"),
      letsencryptLogsDir: join(this.root, "letsencrypt-logs"),
      acmeWebroot: join(this.root, "acme"),
      stateDir: join(this.root, "state"),
      lockFile: join(this.root, "lightspeedup-edge.lock"),
      reloadCommand: `${this.bin}/nginx -s reload`,
      projectDir: join(this.root, "etc", "lightspeedup"),
      systemdNetworkDir: join(this.root, "etc", "systemd", "network"),
      sysctlDir: join(this.root, "etc", "sysctl.d"),
      systemdUnitDir: join(this.root, "etc", "systemd", "system"),
    };
    this.sh(`ip netns add ${this.ns} && ip netns exec ${this.ns} ip link set lo up`, {
      inNs: false,
      check: true,
    });
  }

  /** Runs a bash command line, by default inside the namespace with the nginx shim on PATH. */
  sh(
    command: string,
    opts: { inNs?: boolean; check?: boolean; input?: string } = {},
  ): CommandResult {
    const argv =
      opts.inNs === false
        ? ["bash", "-c", command]
        : ["ip", "netns", "exec", this.ns, "bash", "-c", command];
    const run = spawnSync(argv[0], argv.slice(1), {
      input: opts.input ?? "",
      encoding: "utf8",
      env: this.env(),
      timeout: 120_000,
    });
    const result = { code: run.status, stdout: run.stdout, stderr: run.stderr };
    if (opts.check && run.status !== 0)
      throw new Error(`${command} failed (${run.status}): ${run.stderr}${run.stdout}`);
    return result;
  }

  /** Executes a rendered edge script as the remote command would, with its stdin payload. */
  runScript(script: string, stdin: string): CommandResult {
    const file = join(this.root, `script-${counter++}.sh`);
    writeFileSync(file, script);
    return this.sh(`bash ${file}`, { input: stdin });
  }

  /** Starts the same script several times at once; resolves with every result. */
  runConcurrently(jobs: { script: string; stdin: string }[]): Promise<CommandResult[]> {
    return Promise.all(
      jobs.map(({ script, stdin }) => {
        const file = join(this.root, `script-${counter++}.sh`);
        writeFileSync(file, script);
        return new Promise<CommandResult>((resolve) => {
          const child = spawn("ip", ["netns", "exec", this.ns, "bash", file], { env: this.env() });
          let stdout = "";
          let stderr = "";
          child.stdout.on("data", (d) => (stdout += d));
          child.stderr.on("data", (d) => (stderr += d));
          child.on("close", (code) => resolve({ code, stdout, stderr }));
          child.stdin.end(stdin);
        });
      }),
    );
  }

  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      PATH: `${this.bin}:${process.env.PATH}`,
      ...(this.caBundle && { REQUESTS_CA_BUNDLE: this.caBundle }),
    };
  }

  nginxTest(): CommandResult {
    return this.sh("nginx -t");
  }

  startNginx(): void {
    this.sh("nginx", { check: true });
  }

  /** HTTP(S) request from inside the namespace; `host` resolves to the sandbox's loopback. */
  curl(url: string, host: string, extra = ""): CommandResult {
    const port = url.startsWith("https") ? 443 : 80;
    return this.sh(
      `curl -sS -m 5 --resolve ${host}:${port}:127.0.0.1 ${extra} ${url.replace("HOST", host)}`,
    );
  }

  /** Like curl, retried for up to 3 s while the answer differs (nginx reloads asynchronously). */
  curlUntil(url: string, host: string, expected: string, extra = ""): string {
    let out = "";
    for (let i = 0; i < 30; i++) {
      out = this.curl(url, host, extra).stdout;
      if (out === expected) break;
      this.sh("sleep 0.1");
    }
    return out;
  }

  /** Starts pebble (ACME) and pebble-challtestsrv (DNS answering 127.0.0.1 for every name). */
  async startAcme(): Promise<void> {
    const dir = join(this.root, "pebble");
    mkdirSync(dir);
    this.sh(
      `openssl req -x509 -newkey rsa:2048 -nodes -keyout ${dir}/key.pem -out ${dir}/cert.pem -days 2 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1`,
      { inNs: false, check: true },
    );
    writeFileSync(
      join(dir, "config.json"),
      JSON.stringify({
        pebble: {
          listenAddress: "127.0.0.1:14000",
          managementListenAddress: "127.0.0.1:15000",
          certificate: `${dir}/cert.pem`,
          privateKey: `${dir}/key.pem`,
          httpPort: 80,
          tlsPort: 443,
          ocspResponderURL: "",
          externalAccountBindingRequired: false,
        },
      }),
    );
    this.caBundle = `${dir}/cert.pem`;
    this.acmeServer = "https://127.0.0.1:14000/dir";
    const env = {
      ...this.env(),
      PEBBLE_VA_NOSLEEP: "1",
      PEBBLE_WFE_NONCEREJECT: "0",
      PEBBLE_AUTHZREUSE: "0",
    };
    this.children.push(
      spawn(
        "ip",
        [
          "netns",
          "exec",
          this.ns,
          "pebble-challtestsrv",
          "-defaultIPv4",
          "127.0.0.1",
          "-defaultIPv6",
          "",
          "-dns01",
          "127.0.0.1:8053",
          "-http01",
          "",
          "-https01",
          "",
          "-tlsalpn01",
          "",
          "-management",
          "127.0.0.1:8055",
        ],
        { stdio: "ignore" },
      ),
      spawn(
        "ip",
        [
          "netns",
          "exec",
          this.ns,
          "pebble",
          "-config",
          `${dir}/config.json`,
          "-dnsserver",
          "127.0.0.1:8053",
        ],
        { env, stdio: "ignore" },
      ),
    );
    for (let i = 0; i < 100; i++) {
      if (
        this.sh(`curl -s --cacert ${dir}/cert.pem https://127.0.0.1:14000/dir`).code === 0 &&
        this.sh("curl -s http://127.0.0.1:8055/").code === 0
      )
        return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error("pebble did not start");
  }

  /** Makes the fake DNS answer `host` with an address nothing in the namespace listens on. */
  pointAway(host: string): void {
    this.sh(
      `curl -s -X POST -d '${JSON.stringify({ host: `${host}.`, addresses: ["192.0.2.1"] })}' http://127.0.0.1:8055/add-a`,
      { check: true },
    );
  }

  private upstreams = 0;

  /**
   * A customer VM: its own namespace joined to the edge's by a veth pair (edge side .1/24), serving
   * `content` on port 80 at `address`.
   */
  addUpstream(address: string, content: string): void {
    const n = this.upstreams++;
    const vm = `${this.ns}-v${n}`;
    const subnet = address.split(".").slice(0, 3).join(".");
    const www = join(this.root, `upstream-${n}`);
    mkdirSync(www);
    writeFileSync(join(www, "index.html"), content);
    this.sh(
      [
        `ip netns add ${vm}`,
        `ip link add e${process.pid % 10000}x${n} netns ${this.ns} type veth peer name eth0 netns ${vm}`,
        `ip -n ${this.ns} addr add ${subnet}.1/24 dev e${process.pid % 10000}x${n}`,
        `ip -n ${this.ns} link set e${process.pid % 10000}x${n} up`,
        `ip -n ${vm} addr add ${address}/24 dev eth0`,
        `ip -n ${vm} link set eth0 up`,
        `ip -n ${vm} link set lo up`,
      ].join(" && ") +
        `\n(ip netns exec ${vm} setsid python3 -m http.server 80 --bind ${address} --directory ${www} </dev/null >/dev/null 2>&1 &)`,
      { inNs: false, check: true },
    );
    this.extraNamespaces.push(vm);
    for (let i = 0; i < 50 && this.sh(`curl -s -m 1 http://${address}/`).code !== 0; i++)
      this.sh("sleep 0.1");
  }

  private extraNamespaces: string[] = [];

  /** Every file under a folder of the sandbox, relative path → content ("-> target" for links). */
  snapshot(dir: string): Record<string, string> {
    const list = this.sh(`cd ${dir} && find . \\( -type f -o -type l \\) | sort`, { inNs: false })
      .stdout.split("\n")
      .filter(Boolean);
    return Object.fromEntries(
      list.map((p) => {
        const full = join(dir, p);
        const link = spawnSync("readlink", [full], { encoding: "utf8" });
        return [p, link.status === 0 ? `-> ${link.stdout.trim()}` : readFileSync(full, "utf8")];
      }),
    );
  }

  destroy(): void {
    for (const child of this.children) child.kill("SIGKILL");
    this.sh(`kill $(cat ${this.root}/nginx.pid 2>/dev/null) 2>/dev/null; true`);
    for (const ns of [...this.extraNamespaces, this.ns]) {
      this.sh(`ip netns pids ${ns} | xargs -r kill -9; ip netns del ${ns}`, { inNs: false });
    }
    rmSync(this.root, { recursive: true, force: true });
  }
}
