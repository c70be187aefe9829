import { appendFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { edgeUnits } from "../../src/edge/units/edge-units.js";
import { verifyManifest } from "../../src/edge/verify/manifest.js";
import { renderVerifyScript } from "../../src/edge/verify/verify-script.js";
import { type PlannedCustomer, planCustomers } from "../../src/model/hosting-plan.js";
import { loadCustomers } from "../../src/model/load-customers.js";
import { betaConfig, customersDir, isolatedFile } from "../helpers/fixtures.js";
import { NetworkLab } from "../helpers/network-lab.js";

const config = betaConfig();
let lab: NetworkLab;
let customers: PlannedCustomer[];
const verify = () =>
  lab.box.runScript(
    renderVerifyScript(lab.box.paths),
    verifyManifest({ customers, config }, lab.box.paths),
  );

beforeAll(async () => {
  lab = new NetworkLab();
  lab.addVm(11, "10.0.1.10", "06:4C:53:00:00:0B");
  lab.box.startNginx();
  await lab.box.startAcme();
  const loaded = loadCustomers(
    customersDir({
      "harbor.yaml": isolatedFile("harbor", 151, 11, "domains:\n  - name: harbor.example\n"),
    }),
  );
  customers = planCustomers(loaded.customers, config);
  for (const cmd of edgeUnits(
    {
      customers,
      config: { ...config, adminEmail: "admin@lightspeedup.com", acmeServer: lab.box.acmeServer },
    },
    lab.box.paths,
  )) {
    const result = lab.box.runScript(cmd.apply, cmd.stdin);
    if (result.code !== 0) throw new Error(`${cmd.name}: ${result.stderr}`);
  }
}, 180_000);
afterAll(() => lab.destroy());

describe("edge:verify (read-only check of VM120)", () => {
  it("finds no difference right after the commands ran, and changes nothing", () => {
    const before = lab.projectRules();
    const files = lab.box.snapshot(`${lab.box.root}/etc`);
    const result = verify();
    expect(
      result.stdout
        .trim()
        .split("\n")
        .filter((l) => !l.startsWith("NOTE")),
    ).toEqual(["LSU-VERIFY ok"]);
    expect(result.code).toBe(0);
    expect(lab.projectRules()).toBe(before);
    expect(lab.box.snapshot(`${lab.box.root}/etc`)).toEqual(files);
  });

  it("checks other units' files by content and a secret-bearing one by presence", () => {
    const dir = join(lab.box.root, "etc", "lightspeedup", "monitoring");
    mkdirSync(dir, { recursive: true });
    const file = (name: string, content: string) => ({ path: join(dir, name), content });
    const rendered = [
      file("same.yml", "a: 1\n"),
      file("edited.yml", "b: 2\n"),
      file("token.yml", "token: stand-in\n"),
      file("missing.yml", "token: stand-in\n"),
    ];
    writeFileSync(join(dir, "same.yml"), "a: 1\n");
    writeFileSync(join(dir, "edited.yml"), "b: 2 # by hand\n");
    writeFileSync(join(dir, "token.yml"), "token: the real one\n");
    const others = {
      files: rendered,
      secret: new Set([join(dir, "token.yml"), join(dir, "missing.yml")]),
    };
    const result = lab.box.runScript(
      renderVerifyScript(lab.box.paths),
      verifyManifest({ customers, config }, lab.box.paths, others),
    );
    expect(result.stdout.split("\n").filter((l) => l.startsWith("DIFF"))).toEqual([
      `DIFF file ${dir}/edited.yml: content differs from the rendered one`,
      `DIFF file ${dir}/missing.yml: missing`,
    ]);
    expect(result.code).toBe(1);
    rmSync(dir, { recursive: true });
  });

  it("reports exactly one file and one rule changed by hand, and exits 1", () => {
    appendFileSync(
      join(lab.box.paths.nginxDir, "conf.d", "lsu-00-defaults.conf"),
      "# edited by hand\n",
    );
    lab.box.sh("iptables -I LSU-F11 1 -p tcp --dport 3306 -j ACCEPT", { check: true });
    const result = verify();
    expect(result.code).toBe(1);
    expect(result.stdout.split("\n").filter((l) => l.startsWith("DIFF"))).toEqual([
      `DIFF file ${lab.box.paths.nginxDir}/conf.d/lsu-00-defaults.conf: content differs from the rendered one`,
      "DIFF rule not expected: -A LSU-F11 -p tcp -m tcp --dport 3306 -j ACCEPT",
    ]);
    expect(result.stdout).toContain("LSU-VERIFY 2 difference(s)");
  });

  it("reports a missing rule, a left-over file and a wrong sysctl", () => {
    lab.box.sh(
      "iptables -D LSU-F11 -p tcp --dport 3306 -j ACCEPT && iptables -t nat -F LSU-N11 && sysctl -q -w net.ipv6.conf.lsu11.disable_ipv6=0",
      { check: true },
    );
    appendFileSync(
      join(lab.box.paths.projectDir, "iptables.d", "net-vmbr99.rules"),
      "# a removed customer's file\n",
    );
    const diffs = verify()
      .stdout.split("\n")
      .filter((l) => l.startsWith("DIFF"));
    expect(diffs).toEqual([
      `DIFF file ${lab.box.paths.nginxDir}/conf.d/lsu-00-defaults.conf: content differs from the rendered one`,
      "DIFF interface lsu11: has IPv6 addresses",
      "DIFF sysctl net.ipv6.conf.lsu11.disable_ipv6: 0, expected 1",
      `DIFF file ${lab.box.paths.projectDir}/iptables.d/net-vmbr99.rules: not expected (left over from a removed customer?)`,
      "DIFF rule missing: -A LSU-N11 -j MASQUERADE",
    ]);
  });

  it("sees what could defeat the project's state (issue 8 hole 8)", () => {
    const { paths } = lab.box;
    const site = `${paths.nginxDir}/sites-available/lsu-harbor.example.conf`;
    const unit = edgeUnits({ customers, config }, paths).find(
      (u) => u.name === "site-harbor.example",
    );
    const http = unit?.alternatives[0]?.content ?? "";
    expect(http).toContain("server_name harbor.example");
    lab.box.sh(
      [
        "iptables -I FORWARD 1 -j ACCEPT",
        "ip6tables -D LSU6-FORWARD -o lsu+ -j DROP",
        "ip addr add 10.0.1.99/24 dev lsu11",
        `printf 'server {\n  listen 80;\n  server_name harbor.example;\n}\n' > ${paths.nginxDir}/sites-enabled/foreign`,
      ].join(" && "),
      { check: true },
    );
    writeFileSync(site, http); // the TLS site put back on its HTTP variant
    const manifest = verifyManifest({ customers, config }, paths).replace(
      "lineage harbor.example optional harbor.example",
      "lineage harbor.example optional harbor.example,shop.harbor.example",
    );
    const result = lab.box.runScript(renderVerifyScript(paths, { certMinDays: 100_000 }), manifest);
    const diffs = result.stdout.split("\n").filter((l) => l.startsWith("DIFF"));
    expect(diffs).toEqual(
      expect.arrayContaining([
        "DIFF chain iptables filter FORWARD: the project's jump is not the first rule (first: -A FORWARD -j ACCEPT)",
        "DIFF IPv6 rule missing: -A LSU6-FORWARD -o lsu+ -j DROP",
        "DIFF interface lsu11: IPv4 10.0.1.1/24,10.0.1.99/24, expected 10.0.1.1/24",
        `DIFF site ${site}: serves plain HTTP although its certificate harbor.example exists`,
        `DIFF site ${paths.nginxDir}/sites-enabled/foreign (not the project's) claims harbor.example`,
        "DIFF certificate harbor.example: names harbor.example, expected harbor.example,shop.harbor.example",
        expect.stringMatching(
          /^DIFF certificate harbor\.lightspeedup\.com: expires within 100000 days/,
        ),
      ]),
    );
    expect(result.stdout).toContain(
      "NOTE boot unit lsu-iptables.service: no systemd here, not checked",
    );
    expect(result.stdout).toContain("NOTE policy iptables filter FORWARD ACCEPT");
    expect(result.code).toBe(1);
  });
});
