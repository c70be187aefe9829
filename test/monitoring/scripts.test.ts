import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HostingPlan } from "../../src/model/analyze.js";
import type { RemoteUnit } from "../../src/remote/unit.js";
import { customersDir } from "../helpers/fixtures.js";
import { planFor, run } from "./helpers.js";
import { MonitoringSandbox } from "./sandbox.js";

/**
 * The monitoring units' scripts run for real under a temporary root: create twice gives the same
 * files and reloads nothing the second time, a bad configuration is rolled back and nothing is
 * reloaded, a removed customer's dashboard is swept, delete removes exactly the units' files.
 */
let box: MonitoringSandbox;
let plan: HostingPlan;
let units: RemoteUnit[];
const byName = (name: string) => {
  const u = units.find((x) => x.name === name);
  if (!u) throw new Error(name);
  return u;
};

beforeAll(() => {
  box = new MonitoringSandbox();
  plan = planFor("edge-cases", box.configOverrides());
  const all = box.units(plan, {
    discordWebhook: "https://discord.com/api/webhooks/123/secret-token_x",
  });
  units = [...all.monitoring, ...all.edge];
  // the edge's isolated network for shop-pair (vmbr20): its NIC lsu20 with traffic, and the
  // LSU-D20 chain with counters, as the edge's own rules would leave them
  const peer = `${box.ns}p`;
  const r = run([
    "bash",
    "-c",
    [
      `ip netns add ${peer}`,
      `ip -n ${box.ns} link add lsu20 type veth peer name eth0 netns ${peer}`,
      `ip -n ${box.ns} addr add 10.0.10.1/24 dev lsu20`,
      `ip -n ${box.ns} link set lsu20 up`,
      `ip -n ${peer} addr add 10.0.10.10/24 dev eth0`,
      `ip -n ${peer} link set eth0 up`,
      `ip netns exec ${peer} ping -c 3 -i 0.2 -W 1 10.0.10.1 > /dev/null`,
      `printf '*filter\\n:LSU-D20 - [0:0]\\n[3:180] -A LSU-D20 -j LOG --log-prefix "LSU-DROP shop-pair: "\\n[7:420] -A LSU-D20 -j DROP\\nCOMMIT\\n' | ip netns exec ${box.ns} iptables-restore -c`,
      `mkdir -p ${box.paths.letsencryptLive}/shop-pair.example`,
      `openssl req -x509 -newkey rsa:2048 -nodes -keyout /dev/null -out ${box.paths.letsencryptLive}/shop-pair.example/cert.pem -days 10 -subj /CN=shop-pair.example 2>/dev/null`,
    ].join(" && "),
  ]);
  if (r.code !== 0) throw new Error(r.stderr);
  peerNs = peer;
});
let peerNs = "";

afterAll(() => {
  box?.close();
  if (peerNs) run(["ip", "netns", "del", peerNs]);
});

describe("monitoring scripts in a sandbox", () => {
  it("create installs exactly the units' files, twice gives the same state and reloads once", () => {
    for (const u of units) {
      const r = box.apply(u);
      expect(r.code, `${u.name}: ${r.stderr}`).toBe(0);
      expect(r.stdout).toContain("changed=1");
    }
    const first = box.tree();
    for (const u of units) {
      for (const f of u.files) {
        expect(readFileSync(f.path, "utf8"), f.path).toBe(f.content);
        expect((statSync(f.path).mode & 0o777).toString(8)).toBe((f.mode ?? "0644").slice(1));
      }
    }
    // the units' files, and the edge's certificate the test put there
    expect(Object.keys(first)).toHaveLength(units.flatMap((u) => u.files).length + 1);
    const alertmanager = byName("monitoring-alertmanager").files[0].path;
    expect(readFileSync(alertmanager, "utf8")).toContain("secret-token_x");
    expect(run(["stat", "-c", "%a %G", alertmanager]).stdout.trim()).toBe("640 prometheus");
    const log = box.systemctlLog();
    expect(log).toContain("restart prometheus");
    expect(log).toContain("restart prometheus-alertmanager");
    expect(log).toContain("start lsu-health.service");
    expect(log).toContain("enable --quiet lsu-edge-metrics.timer");
    expect(log).toContain("enable --quiet lsu-report.timer");

    const before = box.systemctlLog().length;
    for (const u of units) {
      const r = box.apply(u);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("changed=0");
    }
    expect(box.tree()).toEqual(first);
    const again = box.systemctlLog().slice(before);
    expect(again.filter((l) => /restart|daemon-reload|enable /.test(l))).toEqual([]);
  });

  it("the edge exporter writes its counters, certificates and drops", () => {
    const collector = byName("monitoring-edge-exporter").files[1].path;
    // the veth sees stray IPv6 packets now and then: the counter is read before and after
    const counter = () => Number(box.sh("cat /sys/class/net/lsu20/statistics/rx_bytes").stdout);
    const before = counter();
    const r = box.sh(`${collector}`);
    const after = counter();
    expect(r.code, r.stderr).toBe(0);
    const prom = readFileSync(join(box.paths.textfileDir, "lsu-edge.prom"), "utf8");
    expect(prom).toContain(
      'lsu_edge_dropped_packets_total{bridge="vmbr20",customer="shop-pair"} 7\n',
    );
    expect(before).toBeGreaterThan(0);
    const rx =
      /lsu_edge_network_bytes_total\{bridge="vmbr20",customer="shop-pair",direction="rx"\} (\d+)\n/.exec(
        prom,
      );
    expect(Number(rx?.[1])).toBeGreaterThanOrEqual(before);
    expect(Number(rx?.[1])).toBeLessThanOrEqual(after);
    const cert =
      /lsu_edge_certificate_not_after_seconds\{certificate="shop-pair.example"\} (\d+)/.exec(prom);
    expect(cert).not.toBeNull();
    const days = (Number(cert?.[1]) - Date.now() / 1000) / 86400;
    expect(days).toBeGreaterThan(9.9);
    expect(days).toBeLessThan(10.1);
    expect(run(["promtool", "check", "metrics"], { input: prom }).code).toBe(0);
  });

  it("a configuration promtool or amtool refuses is rolled back and nothing is reloaded", () => {
    const first = box.tree();
    const before = box.systemctlLog().length;
    for (const [name, bad] of [
      ["monitoring-prometheus", "scrape_configs:\n  - job_name: [broken\n"],
      ["monitoring-alertmanager", "route:\n  receiver: nobody\nreceivers: []\n"],
    ] as const) {
      const u = byName(name);
      const stdin = u.stdin.replace(/^0 .*$/m, `0 ${Buffer.from(bad).toString("base64")}`);
      expect(stdin).not.toBe(u.stdin);
      const r = box.apply(u, stdin);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/refused the new configuration/);
      expect(r.stderr).toContain("passes again; nothing reloaded");
    }
    expect(box.tree()).toEqual(first);
    // nothing was reloaded, restarted or even asked about
    expect(box.systemctlLog().slice(before)).toEqual([]);
  });

  it("a payload part it does not know is refused before anything is written", () => {
    const u = byName("monitoring-prometheus");
    const r = box.apply(u, `${u.stdin}9 ${Buffer.from("x").toString("base64")}\n`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("unexpected payload part: 9");
  });

  it("a customer removed from the plan loses its dashboard and its relabelling", () => {
    const dir = customersDir({});
    for (const f of ["odd-name.yaml", "shop-pair.yaml"])
      writeFileSync(join(dir, f), readFileSync(join(__dirname, "../../examples/edge-cases", f)));
    const smaller = planFor(dir, box.configOverrides());
    const next = box.units(smaller, {
      discordWebhook: "https://discord.com/api/webhooks/123/secret-token_x",
    });
    const grafana = next.monitoring.find((u) => u.name === "monitoring-grafana");
    const prometheus = next.monitoring.find((u) => u.name === "monitoring-prometheus");
    if (!grafana || !prometheus) throw new Error("units");
    const gone = byName("monitoring-grafana").files.find((f) =>
      f.path.endsWith("lsu-customer-paused-co.json"),
    );
    expect(gone && statSync(gone.path).isFile()).toBe(true);
    const before = box.systemctlLog().length;
    expect(box.apply(grafana).code).toBe(0);
    expect(box.apply(prometheus).code).toBe(0);
    expect(() => statSync(gone?.path ?? "")).toThrow();
    expect(readFileSync(prometheus.files[0].path, "utf8")).not.toContain("paused-co");
    expect(box.systemctlLog().slice(before)).toContain("reload-or-restart prometheus");
    // and back
    expect(box.apply(byName("monitoring-grafana")).code).toBe(0);
    expect(box.apply(byName("monitoring-prometheus")).code).toBe(0);
  });

  it("delete removes exactly the units' files, and deleting twice succeeds", () => {
    const foreign = [
      join(box.paths.configDir, "operator-notes.txt"),
      join(
        box.configOverrides().monitoring
          ? `${box.root}/var/lib/grafana/dashboards/lightspeedup`
          : "",
        "mine.json",
      ),
      join(box.paths.systemdUnitDir, "prometheus.service.d", "operator.conf"),
    ];
    for (const f of foreign) writeFileSync(f, "not the project's\n");
    const before = box.tree();
    for (const u of units) {
      const r = box.delete(u);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("deleted=1");
    }
    // the unit's files and what its timers wrote (the edge's counters): no stale metric stays
    const owned = new Set(
      units
        .flatMap((u) => u.files.map((f) => f.path))
        .concat(join(box.paths.textfileDir, "lsu-edge.prom"))
        .map((p) => p.slice(box.root.length + 1)),
    );
    const expected = Object.fromEntries(Object.entries(before).filter(([p]) => !owned.has(p)));
    expect(box.tree()).toEqual(expected);
    expect(Object.keys(expected).sort()).toEqual(
      foreign
        .map((f) => f.slice(box.root.length + 1))
        .concat(["etc/letsencrypt/live/shop-pair.example/cert.pem"])
        .sort(),
    );
    expect(box.systemctlLog()).toContain("disable --now --quiet lsu-edge-metrics.timer");
    for (const u of units) {
      const r = box.delete(u);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("deleted=0");
    }
  });
});
