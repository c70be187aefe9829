import { type ChildProcess, spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { deleteNamespace, newNamespace, run, waitFor } from "./helpers.js";

/** Processes inside one mon… network namespace with only loopback: nothing leaves the machine. */
export class NamespaceLab {
  readonly ns = newNamespace("lab");
  private children: ChildProcess[] = [];

  start(argv: string[], cwd?: string): void {
    this.children.push(
      spawn("ip", ["netns", "exec", this.ns, ...argv], { cwd, stdio: "ignore", detached: false }),
    );
  }

  exec(argv: string[]) {
    return run(["ip", "netns", "exec", this.ns, ...argv]);
  }

  /** GET on a URL inside the namespace, parsed as JSON; undefined while it does not answer. */
  getJson(url: string): unknown {
    const r = this.exec(["curl", "-sf", "-m", "3", url]);
    return r.code === 0 ? JSON.parse(r.stdout) : undefined;
  }

  /** A Prometheus instant query; its result vector, or undefined if Prometheus is not up yet. */
  query(expr: string): { metric: Record<string, string>; value: [number, string] }[] | undefined {
    const body = this.getJson(
      `http://127.0.0.1:9090/api/v1/query?query=${encodeURIComponent(expr)}`,
    ) as { data?: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    return body?.data?.result;
  }

  /** Waits until `expr` returns at least `n` series. */
  async until(expr: string, n = 1, ms = 30_000) {
    return waitFor(() => {
      const r = this.query(expr);
      return r && r.length >= n ? r : undefined;
    }, ms);
  }

  startPrometheus(configFile: string, dataDir: string): void {
    mkdirSync(dataDir, { recursive: true });
    this.start([
      "prometheus",
      `--config.file=${configFile}`,
      `--storage.tsdb.path=${dataDir}`,
      "--web.listen-address=127.0.0.1:9090",
      "--log.level=warn",
    ]);
  }

  /** python3's http.server plays the PVE exporter: fixtures/pve answers /pve?target=… */
  startFakePveExporter(): void {
    this.start([
      "python3",
      "-m",
      "http.server",
      "--bind",
      "127.0.0.1",
      "--directory",
      join(__dirname, "fixtures"),
      "9221",
    ]);
  }

  startNodeExporter(textfileDir: string): void {
    this.start([
      "prometheus-node-exporter",
      "--web.listen-address=127.0.0.1:9100",
      "--collector.disable-defaults",
      "--collector.textfile",
      `--collector.textfile.directory=${textfileDir}`,
    ]);
  }

  close(): void {
    for (const c of this.children) c.kill("SIGKILL");
    deleteNamespace(this.ns);
  }
}
