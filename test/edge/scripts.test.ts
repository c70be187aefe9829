import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { siteFileName } from "../../src/edge/nginx-site.js";
import type { AcmeSettings, EdgePaths } from "../../src/edge/paths.js";
import type { SiteSpec } from "../../src/edge/sites.js";
import { customerSites } from "../../src/edge/sites.js";
import { encodePayload } from "../../src/edge/units/payload.js";
import { sharedUnit as sharedCommand } from "../../src/edge/units/shared.js";
import { siteUnit } from "../../src/edge/units/site.js";
import { planCustomers } from "../../src/model/hosting-plan.js";
import { loadCustomers } from "../../src/model/load-customers.js";
import { EdgeSandbox } from "../helpers/edge-sandbox.js";
import { betaConfig, communityFile, customersDir } from "../helpers/fixtures.js";
import { site } from "../helpers/sites.js";

const siteCommand = (s: SiteSpec, paths: EdgePaths, acme: AcmeSettings) =>
  siteUnit(s, paths, acme, []);

let box: EdgeSandbox;
const acme = () => ({ email: "admin@lightspeedup.com", server: box.acmeServer });
const apply = (s: SiteSpec) => {
  const cmd = siteCommand(s, box.paths, acme());
  return box.runScript(cmd.apply, cmd.stdin);
};
// The command provider hands a delete the stored stdin of the last apply: so do the tests.
const remove = (s: SiteSpec) => {
  const cmd = siteCommand(s, box.paths, acme());
  return box.runScript(cmd.delete, cmd.stdin);
};
const nginxState = () => box.snapshot(box.paths.nginxDir);
const lineages = () =>
  box
    .sh(`ls ${box.paths.letsencryptDir}/renewal 2>/dev/null`, { inNs: false })
    .stdout.split("\n")
    .filter(Boolean)
    .sort();
const sans = (s: SiteSpec) =>
  box
    .sh(
      `openssl x509 -noout -ext subjectAltName -in ${box.paths.letsencryptDir}/live/${s.key}/cert.pem`,
      { inNs: false },
    )
    .stdout.match(/DNS:[^,\s]+/g)
    ?.sort();

beforeAll(async () => {
  box = new EdgeSandbox();
  box.startNginx(); // the edge runs nginx before the project installs anything
  const shared = sharedCommand(box.paths);
  const result = box.runScript(shared.apply, shared.stdin);
  if (result.code !== 0) throw new Error(result.stderr);
  box.addUpstream("10.0.0.10", "CUSTOMER-CONTENT acme\n");
  await box.startAcme();
}, 120_000);
afterAll(() => box.destroy());

describe("the shared-files script", () => {
  it("installs the project's conf.d files once; a second run changes nothing", () => {
    const shared = sharedCommand(box.paths);
    const before = nginxState();
    const again = box.runScript(shared.apply, shared.stdin);
    expect(again.code).toBe(0);
    expect(nginxState()).toEqual(before);
    expect(
      Object.keys(before)
        .filter((f) => f.startsWith("./conf.d/lsu-"))
        .sort(),
    ).toEqual([
      "./conf.d/lsu-00-defaults.conf",
      "./conf.d/lsu-10-cloudflare-realip.conf",
      "./conf.d/lsu-20-catch-all.conf",
    ]);
  });
});

describe("a site with a Let's Encrypt certificate (certbot against pebble)", () => {
  const shop = site("shop.example", { tls: true, managed: true });

  it("installs the HTTP site, obtains the certificate and then serves TLS", () => {
    const result = apply(shop);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout.trim().split("\n").pop()).toBe("LSU-SITE shop.example tls=active");
    expect(sans(shop)).toEqual(["DNS:shop.example", "DNS:www.shop.example"]);
    expect(
      readFileSync(join(box.paths.nginxDir, "sites-available", siteFileName(shop)), "utf8"),
    ).toContain("listen 443 ssl http2;");
    expect(
      box.curlUntil("https://HOST/", "www.shop.example", "CUSTOMER-CONTENT acme\n", "-k"),
    ).toBe("CUSTOMER-CONTENT acme\n");
  });

  it("records the deploy hook in the renewal configuration", () => {
    const renewal = readFileSync(
      join(box.paths.letsencryptDir, "renewal", "shop.example.conf"),
      "utf8",
    );
    expect(renewal).toMatch(/^renew_hook = .*nginx -s reload$/m);
    expect(renewal).toMatch(/^authenticator = webroot$/m);
  });

  it("gives the same files when created twice", () => {
    const before = {
      nginx: nginxState(),
      lineages: lineages(),
      cert: readFileSync(
        join(box.paths.letsencryptDir, "live", "shop.example", "cert.pem"),
        "utf8",
      ),
    };
    const again = apply(shop);
    expect(again.code).toBe(0);
    expect(nginxState()).toEqual(before.nginx);
    expect(lineages()).toEqual(before.lineages);
    expect(
      readFileSync(join(box.paths.letsencryptDir, "live", "shop.example", "cert.pem"), "utf8"),
    ).toBe(before.cert);
  });

  it("keeps the same lineage when www is toggled off and on", () => {
    const noWww = { ...shop, hostnames: ["shop.example"] };
    expect(apply(noWww).code).toBe(0);
    expect(lineages()).toEqual(["shop.example.conf"]);
    expect(sans(noWww)).toEqual(["DNS:shop.example"]);
    expect(apply(shop).code).toBe(0);
    expect(lineages()).toEqual(["shop.example.conf"]);
    expect(sans(shop)).toEqual(["DNS:shop.example", "DNS:www.shop.example"]);
  });
});

describe("an external domain with www (issue 8 hole 6)", () => {
  it("certifies the apex while www does not point here yet, then www on its own", () => {
    const [customer] = planCustomers(
      loadCustomers(
        customersDir({
          "far.yaml": communityFile("far", 151, "domains:\n  - name: far.example\n"),
        }),
      ).customers,
      betaConfig(),
    );
    const [apex, www] = customerSites(customer).filter((x) => x.domain.endsWith("far.example"));
    expect([apex.hostnames, www.hostnames]).toEqual([["far.example"], ["www.far.example"]]);
    const up = (x: SiteSpec) => ({ ...x, upstream: "10.0.0.10" });
    box.pointAway("www.far.example");

    const first = apply(up(apex));
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("LSU-SITE far.example tls=active");
    expect(sans(apex)).toEqual(["DNS:far.example"]);
    const waiting = apply(up(www));
    expect(waiting.code).toBe(0);
    expect(waiting.stdout).toContain("LSU-SITE www.far.example tls=waiting-for-dns");
    expect(box.curl("https://HOST/", "far.example", "-k").stdout).toContain("CUSTOMER-CONTENT");

    // the customer points www here: the next run of its command certifies it
    box.sh(`curl -s -X POST -d '{"host":"www.far.example."}' http://127.0.0.1:8055/clear-a`, {
      check: true,
    });
    const later = apply(up(www));
    expect(later.stdout).toContain("LSU-SITE www.far.example tls=active");
    expect(sans(www)).toEqual(["DNS:www.far.example"]);
    for (const x of [apex, www]) expect(remove(up(x)).code).toBe(0);
  });
});

describe("failures", () => {
  it("reports an external domain that does not point here as waiting for DNS, serves HTTP, exits 0", () => {
    const external = site("elsewhere.example", { tls: true, managed: false });
    box.pointAway("elsewhere.example");
    box.pointAway("www.elsewhere.example");
    const result = apply(external);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("LSU-SITE elsewhere.example tls=waiting-for-dns");
    expect(result.stdout).toContain("waiting for DNS: elsewhere.example does not point here yet");
    expect(box.curlUntil("http://HOST/", "elsewhere.example", "CUSTOMER-CONTENT acme\n")).toBe(
      "CUSTOMER-CONTENT acme\n",
    );
    expect(existsSync(join(box.paths.letsencryptDir, "live", "elsewhere.example"))).toBe(false);
  });

  it("fails the command for a managed domain whose certificate cannot be obtained, HTTP site still up", () => {
    const managed = site("broken.example", {
      tls: true,
      managed: true,
      hostnames: ["broken.example"],
    });
    box.pointAway("broken.example");
    const result = apply(managed);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("certbot failed for broken.example (managed zone):");
    expect(box.curlUntil("http://HOST/", "broken.example", "CUSTOMER-CONTENT acme\n")).toBe(
      "CUSTOMER-CONTENT acme\n",
    );
  });

  it("leaves every previous file in place when a site fails nginx -t, exits non-zero, nginx still serves", () => {
    const good = site("steady.example", { hostnames: ["steady.example"] });
    expect(apply(good).code).toBe(0);
    const before = nginxState();
    const cmd = siteCommand(good, box.paths, acme());
    const broken = encodePayload({
      http: "server { listen 80; server_name steady.example; this_is_not_a_directive; }\n",
      tls: "",
    });
    const result = box.runScript(cmd.apply, broken);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain("nginx -t refused");
    expect(result.stderr).toContain("restored the previous configuration; nginx -t passes again");
    expect(nginxState()).toEqual(before);
    expect(box.curl("http://HOST/", "steady.example").stdout).toBe("CUSTOMER-CONTENT acme\n");
    expect(box.curl("https://HOST/", "www.shop.example", "-k").stdout).toBe(
      "CUSTOMER-CONTENT acme\n",
    );
  });

  it("removes a new site again when it fails nginx -t", () => {
    const fresh = site("fresh.example", { hostnames: ["fresh.example"] });
    const before = nginxState();
    const cmd = siteCommand(fresh, box.paths, acme());
    const result = box.runScript(
      cmd.apply,
      encodePayload({ http: "server { bogus; }\n", tls: "" }),
    );
    expect(result.code).toBe(1);
    expect(nginxState()).toEqual(before);
  });
});

describe("a reload that is owed (issue 8 hole 5)", () => {
  it("survives a failed reload: the next run finds identical files and still reloads", () => {
    const owed = site("owed.example", { hostnames: ["owed.example"] });
    const flag = join(box.root, "reload-fails-once");
    const calls = join(box.root, "reload-calls");
    // A reload command that fails the first time it is called while the flag exists.
    const flaky = {
      ...box.paths,
      reloadCommand: `echo x >> ${calls}; if [ -e ${flag} ]; then rm -f ${flag}; exit 1; fi; ${box.paths.reloadCommand}`,
    };
    writeFileSync(flag, "");
    const cmd = siteUnit(owed, flaky, acme(), []);
    const first = box.runScript(cmd.apply, cmd.stdin);
    expect(first.code).not.toBe(0);
    expect(readFileSync(calls, "utf8")).toBe("x\n");
    expect(box.curl("http://HOST/", "owed.example").stdout).not.toContain("CUSTOMER-CONTENT");

    const second = box.runScript(cmd.apply, cmd.stdin);
    expect(second.code).toBe(0);
    expect(readFileSync(calls, "utf8")).toBe("x\nx\n");
    expect(box.curlUntil("http://HOST/", "owed.example", "CUSTOMER-CONTENT")).toContain(
      "CUSTOMER-CONTENT acme",
    );

    // positive control: nothing owed and nothing changed → no reload at all
    const third = box.runScript(cmd.apply, cmd.stdin);
    expect(third.code).toBe(0);
    expect(readFileSync(calls, "utf8")).toBe("x\nx\n");
    expect(box.runScript(siteUnit(owed, box.paths, acme(), []).delete, "").code).toBe(0);
  });
});

describe("delete", () => {
  it("removes exactly what create added, twice in a row, and leaves foreign files alone", () => {
    writeFileSync(join(box.paths.nginxDir, "sites-available", "foreign.conf"), "# not ours\n");
    writeFileSync(join(box.paths.nginxDir, "conf.d", "operator.conf"), "# the operator's\n");
    const gone = site("gone.example", { tls: true, managed: true });
    const nginxBefore = nginxState();
    const lineagesBefore = lineages();
    expect(apply(gone).code).toBe(0);
    expect(lineages()).toContain("gone.example.conf");
    const first = remove(gone);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain("LSU-SITE gone.example deleted");
    expect(nginxState()).toEqual(nginxBefore);
    expect(lineages()).toEqual(lineagesBefore);
    expect(existsSync(join(box.paths.letsencryptDir, "live", "gone.example"))).toBe(false);
    expect(existsSync(join(box.paths.letsencryptDir, "archive", "gone.example"))).toBe(false);
    const second = remove(gone);
    expect(second.code).toBe(0);
    expect(nginxState()).toEqual(nginxBefore);
    expect(box.curl("https://HOST/", "www.shop.example", "-k").stdout).toBe(
      "CUSTOMER-CONTENT acme\n",
    );
  });
});

describe("concurrency", () => {
  it("runs five site scripts started at once and ends as if they ran one after another", async () => {
    const sites = [1, 2, 3, 4, 5].map((i) =>
      site(`par${i}.example`, { tls: true, managed: true, hostnames: [`par${i}.example`] }),
    );
    const results = await box.runConcurrently(
      sites.map((s) => ({
        script: siteCommand(s, box.paths, acme()).apply,
        stdin: siteCommand(s, box.paths, acme()).stdin,
      })),
    );
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const parallel = nginxState();
    expect(lineages()).toEqual(expect.arrayContaining(sites.map((s) => `${s.key}.conf`)));
    for (const s of sites) expect(remove(s).code).toBe(0);
    for (const s of sites) expect(apply(s).code).toBe(0);
    expect(nginxState()).toEqual(parallel);
    for (const s of sites)
      expect(box.curlUntil("https://HOST/", s.domain, "CUSTOMER-CONTENT acme\n", "-k")).toBe(
        "CUSTOMER-CONTENT acme\n",
      );
  }, 240_000); // fifteen certbot runs against pebble, one at a time under the edge lock
});
