import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * A local stand-in for the two Proxmox VE API endpoints the edge NIC uses, shaped after the API
 * documentation (pve-docs api-viewer, /nodes/{node}/qemu/{vmid}/config):
 *   GET  → { data: { <key>: <value>, …, digest } }
 *   PUT  → synchronous update; form fields net<N>, delete (comma list), digest (SHA1 of the
 *          config; a mismatch fails with "detected modified configuration - file changed by other
 *          user? Try again."); a busy config lock fails with
 *          "can't lock file '/var/lock/qemu-server/lock-<vmid>.conf' - got timeout".
 * Token auth header: "Authorization: PVEAPIToken=<user>@<realm>!<tokenid>=<secret>". HTTPS with a
 * self-signed CA on 127.0.0.1 only.
 */
export class FakePve {
  config: Record<string, string> = {};
  digestCounter = 0;
  /** the next N PUTs fail with the config-lock error */
  lockFailures = 0;
  requests: { method: string; path: string; form: Record<string, string> }[] = [];
  readonly ca: string;
  private server: Server;
  endpoint = "";

  constructor(readonly token: string) {
    const dir = mkdtempSync(join(tmpdir(), "lsu-fake-pve-"));
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-keyout",
        `${dir}/key.pem`,
        "-out",
        `${dir}/cert.pem`,
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
      ],
      { stdio: "ignore" },
    );
    this.ca = readFileSync(`${dir}/cert.pem`, "utf8");
    this.server = createServer(
      { key: readFileSync(`${dir}/key.pem`), cert: this.ca },
      (req, res) => {
        let body = "";
        req.on("data", (d) => (body += d));
        req.on("end", () => {
          const form = Object.fromEntries(new URLSearchParams(body));
          this.requests.push({ method: req.method!, path: req.url!, form });
          const reply = (status: number, payload: unknown) => {
            res.writeHead(status, { "Content-Type": "application/json" });
            res.end(JSON.stringify(payload));
          };
          if (req.headers.authorization !== `PVEAPIToken=${this.token}`)
            return reply(401, { data: null, message: "authentication failure" });
          if (!/^\/api2\/json\/nodes\/LightSpeedUp\/qemu\/120\/config$/.test(req.url!))
            return reply(404, { data: null });
          if (req.method === "GET")
            return reply(200, { data: { ...this.config, digest: this.digest() } });
          if (req.method !== "PUT") return reply(501, { data: null });
          if (this.lockFailures > 0) {
            this.lockFailures--;
            return reply(500, {
              data: null,
              message: "can't lock file '/var/lock/qemu-server/lock-120.conf' - got timeout",
            });
          }
          if (form.digest && form.digest !== this.digest()) {
            return reply(500, {
              data: null,
              message: "detected modified configuration - file changed by other user? Try again.",
            });
          }
          for (const key of (form.delete ?? "").split(",").filter(Boolean)) delete this.config[key];
          for (const [key, value] of Object.entries(form))
            if (/^net\d+$/.test(key)) this.config[key] = value;
          this.digestCounter++;
          return reply(200, { data: null });
        });
      },
    );
  }

  digest(): string {
    return `digest-${this.digestCounter}`;
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve) => this.server.listen(0, "127.0.0.1", resolve));
    this.endpoint = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}/`;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
