import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EdgeSandbox } from "../helpers/edge-sandbox.js";
import { spawnCli } from "../helpers/spawn-cli.js";

let out: string;
let box: EdgeSandbox;

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), "lsu-render-"));
  const run = spawnCli("plan", "--customers", "examples/customers", "--render", out);
  if (run.status !== 0) throw new Error(run.stderr + run.stdout);
  box = new EdgeSandbox();
});
afterAll(() => box.destroy());

const list = (dir: string) => readdirSync(join(out, dir)).sort();

describe("npm run plan -- --render DIR", () => {
  it("writes the shared files, one nginx file and two scripts per site, and the DNS records", () => {
    expect(list("edge/nginx/conf.d")).toEqual([
      "lsu-00-defaults.conf",
      "lsu-10-cloudflare-realip.conf",
      "lsu-20-catch-all.conf",
    ]);
    const sites = list("edge/nginx/sites-available");
    // 16 platform hostnames, 9 domains, and the www of the 7 external domains that have one
    expect(sites).toHaveLength(16 + 9 + 7);
    expect(sites).toContain("lsu-harbor-shop.example.conf");
    expect(sites).toContain("lsu-harbor-shop.lightspeedup.com.conf");
    // apply + delete for: shared, 32 sites (an external domain's www is a site of its own), the base chains, 4 networks, 16 SSH forwards
    expect(list("edge/scripts")).toHaveLength(2 * (1 + 32 + 1 + 4 + 16));
    const dns = JSON.parse(readFileSync(join(out, "dns/records.json"), "utf8"));
    expect(dns.managed).toHaveLength(16);
    expect(dns.external.map((e: { domain: string }) => e.domain)).toContain("harbor-shop.example");
  });

  it("writes site files that nginx accepts in Debian's layout (HTTP first, then with certificates)", () => {
    const etc = box.paths.nginxDir;
    cpSync(join(out, "edge/nginx/conf.d"), join(etc, "conf.d"), { recursive: true });
    for (const file of list("edge/nginx/before-certificate")) {
      cpSync(join(out, "edge/nginx/before-certificate", file), join(etc, "sites-enabled", file));
    }
    const before = box.nginxTest();
    expect(before.stderr).toContain("test is successful");
    // With certificates: the final files, certificate paths moved into the sandbox.
    for (const file of list("edge/nginx/sites-available")) {
      const text = readFileSync(join(out, "edge/nginx/sites-available", file), "utf8").replaceAll(
        "/etc/letsencrypt",
        box.paths.letsencryptDir,
      );
      writeFileSync(join(etc, "sites-enabled", file), text);
      const cert = /ssl_certificate (\S+)\/fullchain\.pem;/.exec(text)?.[1];
      if (cert)
        box.sh(
          `mkdir -p ${cert} && openssl req -x509 -newkey rsa:2048 -nodes -keyout ${cert}/privkey.pem -out ${cert}/fullchain.pem -days 1 -subj /CN=test 2>/dev/null`,
          { inNs: false, check: true },
        );
    }
    const after = box.nginxTest();
    expect(after.stderr).toContain("test is successful");
    expect(after.code).toBe(0);
  });

  it("writes scripts that bash parses", () => {
    for (const file of list("edge/scripts")) {
      const check = spawnSync("bash", ["-n", join(out, "edge/scripts", file)], {
        encoding: "utf8",
      });
      expect(check.stderr, file).toBe("");
      expect(check.status).toBe(0);
    }
  });
});

describe("rendered rule sets", () => {
  it("every rule set passes iptables-restore --test, and all of them load together", () => {
    const files = list("edge/iptables.d");
    expect(files).toContain("00-base.rules");
    expect(files).toContain("net-vmbr10.rules");
    expect(files.filter((f) => f.startsWith("ssh-"))).toHaveLength(16);
    for (const file of files) {
      const check = box.sh(
        `iptables-restore --test --noflush < ${join(out, "edge/iptables.d", file)}`,
      );
      expect(check.stderr, file).toBe("");
      expect(check.code).toBe(0);
    }
    const restore = readFileSync(
      join(out, "edge/lightspeedup/restore-iptables.sh"),
      "utf8",
    ).replace("/etc/lightspeedup/iptables.d", join(out, "edge/iptables.d"));
    writeFileSync(join(box.root, "restore.sh"), restore);
    const loaded = box.sh(`bash ${join(box.root, "restore.sh")} && iptables-save`);
    expect(loaded.code).toBe(0);
    expect(loaded.stdout).toContain("-A FORWARD -j LSU-FORWARD");
    expect(loaded.stdout).toContain("-A LSU-F13 -i lsu13 -o eth0 -j ACCEPT");
    expect(loaded.stdout).toContain(
      "-A LSU-S167 -p tcp -j DNAT --to-destination 192.168.12.167:22",
    );
  });
});
