import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sharedFiles } from "../../src/edge/nginx-shared.js";
import {
  certificateDir,
  renderHttpSite,
  renderTlsSite,
  siteFileName,
} from "../../src/edge/nginx-site.js";
import { type SiteSpec, siteKey } from "../../src/edge/sites.js";
import { EdgeSandbox } from "../helpers/edge-sandbox.js";
import { longDomain, site } from "../helpers/sites.js";

let box: EdgeSandbox;

function installShared() {
  for (const [file, text] of Object.entries(sharedFiles(box.paths)))
    writeFileSync(join(box.paths.nginxDir, "conf.d", file), text);
  mkdirSync(box.paths.acmeWebroot, { recursive: true });
}

function install(s: SiteSpec, variant: "http" | "tls") {
  const file = siteFileName(s);
  writeFileSync(
    join(box.paths.nginxDir, "sites-available", file),
    variant === "http" ? renderHttpSite(s, box.paths) : renderTlsSite(s, box.paths),
  );
  box.sh(
    `ln -sfn ${box.paths.nginxDir}/sites-available/${file} ${box.paths.nginxDir}/sites-enabled/${file}`,
    { check: true },
  );
  if (variant === "tls") {
    const dir = certificateDir(s, box.paths);
    mkdirSync(dir, { recursive: true });
    box.sh(
      `openssl req -x509 -newkey rsa:2048 -nodes -keyout ${dir}/privkey.pem -out ${dir}/fullchain.pem -days 2 -subj /CN=${s.hostnames[0].slice(0, 60)}`,
      { inNs: false, check: true },
    );
  }
}

beforeAll(() => {
  box = new EdgeSandbox();
  installShared();
});
afterAll(() => {
  if (!process.env.LSU_KEEP_SANDBOX) box.destroy();
});

describe("rendered nginx files in Debian's stock layout", () => {
  it("starts from a layout that has Debian's default site and passes nginx -t", () => {
    expect(box.sh(`ls ${box.paths.nginxDir}/sites-enabled`).stdout).toContain("default");
    expect(box.nginxTest().code).toBe(0);
  });

  it.each([
    ["plain HTTP without www", site("plain.example", { hostnames: ["plain.example"] }), "http"],
    ["HTTP with www", site("withwww.example"), "http"],
    ["TLS", site("tls.example", { tls: true }), "tls"],
    ["suspended", site("paused.example", { suspended: true }), "http"],
    ["suspended with TLS", site("paused-tls.example", { suspended: true, tls: true }), "tls"],
    [
      "platform hostname",
      site("acme.lightspeedup.com", {
        hostnames: ["acme.lightspeedup.com"],
        tls: true,
        managed: true,
      }),
      "tls",
    ],
  ] as const)("%s passes nginx -t", (_, s, variant) => {
    install(s, variant);
    const result = box.nginxTest();
    expect(result.stderr).toContain("test is successful");
    expect(result.code).toBe(0);
  });

  it("passes nginx -t with fifty sites together, including 253-character domains", () => {
    for (let i = 0; i < 46; i++)
      install(
        site(`site${i}.example`, { upstream: `10.0.${i}.10`, tls: i % 2 === 0 }),
        i % 2 === 0 ? "tls" : "http",
      );
    for (const seed of ["a", "e", "f", "g"]) {
      const domain = longDomain(seed);
      expect(domain).toHaveLength(253);
      expect(siteKey(domain).length).toBeLessThanOrEqual(200);
      install(site(domain, { hostnames: [domain], tls: true }), "tls");
    }
    const result = box.nginxTest();
    expect(result.stderr).toContain("test is successful");
    expect(result.code).toBe(0);
  });
});

describe("a real nginx serving them", () => {
  beforeAll(() => {
    box.addUpstream("10.0.0.10", "CUSTOMER-CONTENT acme\n");
    box.startNginx();
  });

  it("proxies a customer's hostnames to its upstream with the forwarding headers", () => {
    expect(box.curl("http://HOST/", "withwww.example").stdout).toBe("CUSTOMER-CONTENT acme\n");
    expect(box.curl("http://HOST/", "www.withwww.example").stdout).toBe("CUSTOMER-CONTENT acme\n");
  });

  it("answers an unknown Host with no customer's content", () => {
    const result = box.curl("http://HOST/", "unknown.example");
    expect(result.stdout).not.toContain("CUSTOMER-CONTENT");
    expect(result.stdout).toContain("Welcome to nginx"); // Debian's default site keeps port 80's default
  });

  it("rejects the TLS handshake for an unknown SNI, so no customer's certificate is shown", () => {
    const result = box.curl("https://HOST/", "unknown.example", "-k");
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/alert|handshake|SSL/i);
    const known = box.curl("https://HOST/", "tls.example", "-k");
    expect(known.stdout).toBe("CUSTOMER-CONTENT acme\n");
  });

  it("redirects HTTP to HTTPS on a TLS site but still serves the ACME path", () => {
    writeFileSync(join(box.paths.acmeWebroot, ".well-known-probe"), "");
    mkdirSync(join(box.paths.acmeWebroot, ".well-known", "acme-challenge"), { recursive: true });
    writeFileSync(
      join(box.paths.acmeWebroot, ".well-known", "acme-challenge", "token123"),
      "token123.thumb",
    );
    expect(box.curl("http://HOST/.well-known/acme-challenge/token123", "tls.example").stdout).toBe(
      "token123.thumb",
    );
    const redirect = box.curl(
      "http://HOST/page?x=1",
      "tls.example",
      "-o /dev/null -w '%{http_code} %{redirect_url}'",
    );
    expect(redirect.stdout).toBe("301 https://tls.example/page?x=1");
  });

  it("answers 503 for a suspended customer, ACME path still served", () => {
    const page = box.curl("http://HOST/", "paused.example", "-w ' %{http_code}'");
    expect(page.stdout).toMatch(/temporarily unavailable.* 503$/);
    expect(page.stdout).not.toContain("CUSTOMER-CONTENT");
    expect(
      box.curl("http://HOST/.well-known/acme-challenge/token123", "paused.example").stdout,
    ).toBe("token123.thumb");
  });
});
