import { chmodSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { validateHostingConfig } from "../../src/config/validate-config.js";
import type { AcmeSettings, EdgePaths } from "../../src/edge/paths.js";
import { renderEdgeFiles } from "../../src/edge/render-all.js";
import { customerSites, type SiteSpec } from "../../src/edge/sites.js";
import { sharedUnit as sharedCommand } from "../../src/edge/units/shared.js";
import { siteUnit } from "../../src/edge/units/site.js";
import { planCustomers } from "../../src/model/hosting-plan.js";
import { loadCustomers } from "../../src/model/load-customers.js";
import { validateCustomers } from "../../src/model/validate-customers.js";
import { EdgeSandbox } from "../helpers/edge-sandbox.js";
import { betaConfigValues, communityFile, customersDir } from "../helpers/fixtures.js";

const siteCommand = (s: SiteSpec, paths: EdgePaths, acme: AcmeSettings) =>
  siteUnit(s, paths, acme, []);

let box: EdgeSandbox;
let argvLog: string;

beforeAll(() => {
  box = new EdgeSandbox();
  box.startNginx();
  const shared = sharedCommand(box.paths);
  expect(box.runScript(shared.apply, shared.stdin).code).toBe(0);
  // certbot stand-in: records its argv (NUL-separated) and fails, as for a domain not pointing here.
  argvLog = join(box.root, "certbot-argv");
  writeFileSync(
    join(box.bin, "certbot"),
    `#!/bin/bash\nprintf '%s\\0' "$@" > ${argvLog}\nexit 1\n`,
  );
  chmodSync(join(box.bin, "certbot"), 0o755);
});
afterAll(() => box.destroy());

const displayName = fc.string({ unit: "grapheme", minLength: 1, maxLength: 64 });
const domain = fc.domain().filter((d) => d.length <= 120 && !d.endsWith("lightspeedup.com"));
const customerArb = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,12}[a-z0-9]$/),
  displayName,
  isolated: fc.boolean(),
  domains: fc.uniqueArray(
    fc.record({ name: domain, www: fc.boolean(), tls: fc.constantFrom("letsencrypt", "none") }),
    { maxLength: 3, selector: (d) => d.name },
  ),
});
const configArb = fc.record({
  adminEmail: fc.emailAddress(),
  acmeServer: fc.option(fc.webUrl({ validSchemes: ["https"] }), { nil: undefined }),
});

type CustomerInput = typeof customerArb extends fc.Arbitrary<infer T> ? T : never;

function customerYaml(c: CustomerInput): string {
  return stringify({
    name: c.name,
    displayName: c.displayName,
    contact: `ops@${c.name}.example`,
    ...(c.isolated ? { network: "isolated", bridge: "vmbr12" } : {}),
    vms: [{ vmid: 151, package: "starter", ...(c.isolated ? { address: 10 } : {}) }],
    domains: c.domains.map((d) => ({ ...d, proxied: d.tls === "letsencrypt" })),
  });
}

/** The plan of one customer file under a config, or undefined when the schemas refuse either. */
function acceptedSites(c: CustomerInput, overrides: Record<string, unknown>) {
  const { config } = validateHostingConfig({ ...betaConfigValues(), ...overrides }, "test");
  if (!config) return undefined;
  const loaded = loadCustomers(customersDir({ [`${c.name}.yaml`]: customerYaml(c) }));
  if (loaded.issues.length > 0 || validateCustomers(loaded, config).length > 0) return undefined;
  const [planned] = planCustomers(loaded.customers, config);
  return { config, planned, sites: customerSites(planned) };
}

function expectedCertbotArgv(site: SiteSpec, email: string, server?: string): string[] {
  return [
    "certonly",
    "--webroot",
    "-w",
    box.paths.acmeWebroot,
    "--cert-name",
    site.key,
    ...site.hostnames.flatMap((h) => ["-d", h]),
    "--non-interactive",
    "--agree-tos",
    "-m",
    email,
    "--deploy-hook",
    box.paths.reloadCommand,
    ...(server ? ["--server", server] : []),
    "--config-dir",
    box.paths.letsencryptDir,
    "--work-dir",
    box.paths.letsencryptWorkDir,
    "--logs-dir",
    box.paths.letsencryptLogsDir,
  ];
}

describe("property: whatever the schemas accept renders safely", () => {
  it("renders nginx files nginx accepts and scripts whose every value arrives as one intact argument", () => {
    let accepted = 0;
    fc.assert(
      fc.property(customerArb, configArb, (c, cfg) => {
        const result = acceptedSites(c, cfg);
        fc.pre(result !== undefined);
        accepted++;
        for (const site of result!.sites) {
          rmSync(argvLog, { force: true });
          const cmd = siteCommand(site, box.paths, {
            email: cfg.adminEmail,
            server: cfg.acmeServer,
          });
          const run = box.runScript(cmd.apply, cmd.stdin);
          expect(run.stderr).not.toContain("nginx -t refused");
          expect(run.stderr).not.toContain("syntax error");
          if (site.tls) {
            expect(readFileSync(argvLog, "utf8").split("\0").slice(0, -1)).toEqual(
              expectedCertbotArgv(site, cfg.adminEmail, cfg.acmeServer),
            );
            expect(run.code).toBe(site.managed ? 1 : 0);
          } else {
            expect(run.code).toBe(0);
          }
          expect(box.runScript(cmd.delete, cmd.stdin).code).toBe(0);
        }
      }),
      { numRuns: 25, seed: 20261125 },
    );
    expect(accepted).toBeGreaterThan(10);
  });

  it("never lets a display name reach a rendered file or script", () => {
    fc.assert(
      fc.property(customerArb, (c) => {
        fc.pre(/[^A-Za-z0-9 ]/.test(c.displayName) && c.displayName.trim().length > 3);
        const result = acceptedSites(c, {});
        fc.pre(result !== undefined);
        const files = renderEdgeFiles(
          { customers: [result!.planned], config: result!.config },
          box.paths,
        );
        for (const text of Object.values(files)) expect(text).not.toContain(c.displayName);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});

describe("hostile values", () => {
  it.each([
    "$(reboot).example",
    "`id`.example",
    "a;b.example",
    "a b.example",
    "a\nb.example",
    "{a}.example",
    "a'b.example",
    'a"b.example',
    "a|b.example",
    "a&b.example",
    "*.example",
  ])("refuses the domain %j in a customer file", (name) => {
    const dir = customersDir({
      "alpha.yaml": communityFile("alpha", 151, `domains:\n  - name: ${JSON.stringify(name)}\n`),
    });
    const loaded = loadCustomers(dir);
    expect(loaded.issues.map((i) => i.path)).toEqual(["domains[0].name"]);
  });

  it("quotes an admin e-mail with a quote character into one argument", () => {
    const site: SiteSpec = {
      domain: "q.example",
      key: "q.example",
      customer: "alpha",
      hostnames: ["q.example"],
      upstream: "10.0.0.10",
      upstreamVmid: 151,
      suspended: false,
      tls: true,
      managed: false,
    };
    const email = "o'neil+$x@example.com";
    rmSync(argvLog, { force: true });
    const cmd = siteCommand(site, box.paths, { email });
    expect(box.runScript(cmd.apply, cmd.stdin).code).toBe(0);
    expect(readFileSync(argvLog, "utf8").split("\0").slice(0, -1)).toEqual(
      expectedCertbotArgv(site, email),
    );
    expect(box.runScript(cmd.delete, cmd.stdin).code).toBe(0);
  });
});
