import { parse } from "shell-quote";
import { beforeAll, describe, expect, it } from "vitest";
import { decodePayload } from "../../src/edge/units/payload.js";
import { managedZoneFor } from "../../src/model/dns-names.js";
import type { PlanEvaluation } from "../../src/plan/evaluate-plan.js";
import { customersDir, KEY_A } from "../helpers/fixtures.js";
import { find, runPlan } from "../helpers/plan.js";

const DNS = "cloudflare:index/dnsRecord:DnsRecord";
const SETTING = "cloudflare:index/zoneSetting:ZoneSetting";
const CMD = "command:remote:Command";
const ZONES = {
  "lightspeedup.com": "0123456789abcdef0123456789abcdef",
  "harbor.example": "fedcba9876543210fedcba9876543210",
};

const harbor = (www = true, upstream = "web") => `name: harbor
contact: ops@harbor.example
network: isolated
bridge: vmbr11
vms:
  - vmid: 151
    package: business
    role: web
    address: 10
  - vmid: 152
    package: starter
    role: db
    address: 20
sshKeys:
  - ${KEY_A}
domains:
  - name: harbor.example
    www: ${www}
    upstream: ${upstream}
  - name: shop.harbor.example
    www: false
    proxied: false
    tls: none
`;
const outside = `name: outside
contact: ops@outside.example
status: suspended
vms:
  - vmid: 153
    package: starter
domains:
  - name: evillightspeedup.com
`;

/** The script inside `/bin/bash -c '<script>'`, as bash would receive it. */
const scriptOf = (commandLine: unknown) => {
  const argv = parse(String(commandLine));
  expect(argv.slice(0, 2)).toEqual(["/bin/bash", "-c"]);
  expect(argv).toHaveLength(3);
  return String(argv[2]);
};

const evaluate = (files: Record<string, string>) =>
  runPlan(customersDir(files), { "hosting:zones": ZONES });
let plan: PlanEvaluation;
beforeAll(async () => {
  plan = await evaluate({ "harbor.yaml": harbor(), "outside.yaml": outside });
});

describe("Cloudflare DNS", () => {
  it("matches zones at label boundaries only", () => {
    expect(managedZoneFor("evillightspeedup.com", ["lightspeedup.com"])).toBeUndefined();
    expect(managedZoneFor("a.lightspeedup.com", ["lightspeedup.com"])).toBe("lightspeedup.com");
    expect(managedZoneFor("x.shop.example", ["example", "shop.example"])).toBe("shop.example");
  });

  it("declares apex and www records in the domain's managed zone, and the platform hostname", () => {
    const records = plan.resources.filter((r) => r.type === DNS);
    expect(records.map((r) => r.name).sort()).toEqual([
      "dns-harbor.example",
      "dns-harbor.lightspeedup.com",
      "dns-outside.lightspeedup.com",
      "dns-shop.harbor.example",
      "dns-www.harbor.example",
    ]);
    expect(find(plan.resources, DNS, "dns-www.harbor.example").inputs).toEqual({
      zoneId: ZONES["harbor.example"],
      name: "www.harbor.example",
      type: "A",
      content: "203.0.113.10",
      proxied: true,
      ttl: 1,
      comment: "LightSpeedUp customer harbor",
    });
    expect(find(plan.resources, DNS, "dns-shop.harbor.example").inputs).toMatchObject({
      proxied: false,
    });
    expect(find(plan.resources, DNS, "dns-outside.lightspeedup.com").inputs).toMatchObject({
      zoneId: ZONES["lightspeedup.com"],
      proxied: true,
    });
    for (const r of records)
      expect(r.options).toMatchObject({ protect: true, deleteBeforeReplace: true });
  });

  it("gives an external domain's www a site and certificate of its own (issue 8 hole 6)", () => {
    const sites = plan.resources.filter((r) => r.type === CMD && r.name.includes("evil"));
    expect(sites.map((s) => s.name).sort()).toEqual([
      "site-evillightspeedup.com",
      "site-www.evillightspeedup.com",
    ]);
    const apex = scriptOf(sites.find((s) => s.name === "site-evillightspeedup.com")?.inputs.create);
    expect(apex).toContain("readonly -a SITE_HOSTNAMES=('evillightspeedup.com')");
    expect(apex).toContain("readonly SITE_MANAGED='0'");
    // a managed domain keeps apex and www on one certificate
    const managed = find(plan.resources, CMD, "site-harbor.example");
    expect(scriptOf(managed.inputs.create)).toContain(
      "readonly -a SITE_HOSTNAMES=('harbor.example' 'www.harbor.example')",
    );
  });

  it("declares no record for an external domain and tells the operator what to point where", () => {
    expect(
      plan.resources.filter((r) => r.type === DNS && String(r.inputs.name).includes("evil")),
    ).toEqual([]);
    expect(plan.outputs!.dnsInstructions).toEqual([
      {
        domain: "evillightspeedup.com",
        records: [
          { type: "A", name: "evillightspeedup.com", value: "203.0.113.10" },
          { type: "A", name: "www.evillightspeedup.com", value: "203.0.113.10" },
        ],
      },
    ]);
  });

  it("sets every managed zone to SSL Full (strict) with Always Use HTTPS off", () => {
    const settings = plan.resources
      .filter((r) => r.type === SETTING)
      .map((r) => [r.name, r.inputs]);
    expect(settings).toEqual([
      [
        "zone-ssl-harbor.example",
        { zoneId: ZONES["harbor.example"], settingId: "ssl", value: "strict" },
      ],
      [
        "zone-always-https-harbor.example",
        { zoneId: ZONES["harbor.example"], settingId: "always_use_https", value: "off" },
      ],
      [
        "zone-ssl-lightspeedup.com",
        { zoneId: ZONES["lightspeedup.com"], settingId: "ssl", value: "strict" },
      ],
      [
        "zone-always-https-lightspeedup.com",
        { zoneId: ZONES["lightspeedup.com"], settingId: "always_use_https", value: "off" },
      ],
    ]);
  });

  it("uses an explicit Cloudflare provider with the token as a secret", () => {
    const provider = find(plan.resources, "pulumi:providers:cloudflare", "cloudflare");
    expect(provider.inputs.apiToken).toBe("[secret]");
    for (const r of plan.resources.filter((x) => x.type === DNS || x.type === SETTING))
      expect(r.options.provider).toContain("pulumi:providers:cloudflare::cloudflare::");
  });
});

describe("edge commands", () => {
  it("declares the shared commands, one per site, one per isolated network and one SSH forward per VM", () => {
    expect(
      plan.resources
        .filter((r) => r.type === CMD && !r.name.startsWith("monitoring-")) // test/monitoring/
        .map((r) => r.name)
        .sort(),
    ).toEqual([
      "edge-net-11",
      "edge-net-base",
      "edge-shared",
      "edge-ssh-151",
      "edge-ssh-152",
      "edge-ssh-153",
      "site-evillightspeedup.com",
      "site-harbor.example",
      "site-harbor.lightspeedup.com",
      "site-outside.lightspeedup.com",
      "site-shop.harbor.example",
      "site-www.evillightspeedup.com",
    ]);
  });

  it("connects with the pinned host key and a secret private key, never in command text", () => {
    for (const cmd of plan.resources.filter((r) => r.type === CMD)) {
      expect(cmd.inputs.connection).toBe("[secret]");
      expect(cmd.revealedInputs.connection).toEqual({
        host: "192.168.12.120",
        port: 22,
        user: "root",
        hostKey: expect.stringMatching(/^ssh-ed25519 AAAA/),
        privateKey: "placeholder-secret-not-decrypted",
        dialErrorLimit: 5,
        perDialTimeout: 15,
      });
      for (const field of ["create", "update", "delete", "stdin"])
        expect(String(cmd.inputs[field])).not.toContain("placeholder-secret");
      expect(cmd.inputs.environment).toBeUndefined();
      expect(cmd.inputs.addPreviousOutputInEnv).toBe(false);
    }
  });

  it("runs one apply script for create and update, content through stdin, triggers only the generation", () => {
    for (const cmd of plan.resources.filter((r) => r.type === CMD)) {
      expect(cmd.inputs.update).toBe(cmd.inputs.create);
      expect(cmd.inputs.triggers).toEqual([1]);
      expect(cmd.options.deleteBeforeReplace).toBe(true);
    }
    const site = find(plan.resources, CMD, "site-harbor.example");
    const payload = decodePayload(String(site.inputs.stdin));
    expect(payload.http).toContain("server_name harbor.example www.harbor.example;");
    expect(payload.http).toContain("proxy_pass http://10.0.1.10:80;");
    expect(payload.tls).toContain(
      "ssl_certificate /etc/letsencrypt/live/harbor.example/fullchain.pem;",
    );
    const script = scriptOf(site.inputs.create);
    expect(script).toContain("readonly SITE_KEY='harbor.example'");
    expect(script).toContain("readonly -a SITE_HOSTNAMES=('harbor.example' 'www.harbor.example')");
    expect(script).toContain("readonly LSU_ACME_EMAIL='admin@lightspeedup.com'");
    expect(script).toContain("readonly LSU_RELOAD_COMMAND='systemctl reload nginx'");
    expect(script).toContain(
      // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's ${…}, not a template
      'lsu_certbot certonly --webroot -w "$LSU_ACME_WEBROOT" --cert-name "$SITE_KEY" "${domains[@]}"',
    );
    expect(String(site.inputs.create)).not.toContain("proxy_pass");
  });

  it("orders each site after the shared files, its upstream VM and its DNS records", () => {
    const site = find(plan.resources, CMD, "site-harbor.example");
    expect(site.options.dependsOn.sort()).toEqual(
      [
        find(plan.resources, CMD, "edge-shared").urn,
        find(plan.resources, "proxmoxve:index/vmLegacy:VmLegacy", "vm-151").urn,
        find(plan.resources, DNS, "dns-harbor.example").urn,
        find(plan.resources, DNS, "dns-www.harbor.example").urn,
      ].sort(),
    );
  });

  it("renders the suspended customer's sites as 503 pages and the tls: none site without certbot", () => {
    const suspended = decodePayload(
      String(find(plan.resources, CMD, "site-evillightspeedup.com").inputs.stdin),
    );
    expect(suspended.http).toContain("return 503");
    expect(suspended.http).not.toContain("proxy_pass");
    const plain = find(plan.resources, CMD, "site-shop.harbor.example");
    expect(scriptOf(plain.inputs.create)).toContain("readonly SITE_TLS='0'");
    expect(scriptOf(plain.inputs.create)).toContain("tls=none");
  });

  it("changes only that site's command inputs when one site changes", async () => {
    const changed = await evaluate({ "harbor.yaml": harbor(false, "db"), "outside.yaml": outside });
    const differing = plan.resources
      .filter((r) => r.type === CMD)
      .filter(
        (r) =>
          JSON.stringify(find(changed.resources, CMD, r.name).inputs) !== JSON.stringify(r.inputs),
      )
      .map((r) => r.name);
    expect(differing).toEqual(["site-harbor.example"]);
    const after = find(changed.resources, CMD, "site-harbor.example");
    expect(decodePayload(String(after.inputs.stdin)).http).toContain(
      "proxy_pass http://10.0.1.20:80;",
    );
    expect(after.inputs.triggers).toEqual([1]);
  });

  it("replaces every edge command (delete first) when hosting:edge.generation is bumped", async () => {
    const bumped = await runPlan(
      customersDir({ "harbor.yaml": harbor(), "outside.yaml": outside }),
      {
        "hosting:zones": ZONES,
        "hosting:edge": {
          vmId: 120,
          uplink: { slot: "net0", bridge: "vmbr0", interface: "eth0", address: "192.168.12.120" },
          reservedSlots: [],
          generation: 2,
        },
      },
    );
    for (const cmd of bumped.resources.filter((r) => r.type === CMD))
      expect(cmd.inputs.triggers).toEqual([2]);
  });
});
