import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { edgeNetContext, edgeNetworkSpec } from "../../src/edge/network/specs.js";
import { renderEdgeFiles } from "../../src/edge/render-all.js";
import { customerSites, type SiteSpec } from "../../src/edge/sites.js";
import type { EdgeUnit } from "../../src/edge/units/edge-unit.js";
import { edgeUnits } from "../../src/edge/units/edge-units.js";
import { EGRESS_GROUP, egressGroupRules, vmRules } from "../../src/firewall/rules.js";
import { analyze, type HostingPlan } from "../../src/model/analyze.js";
import type { PlannedCustomer, PlannedVm } from "../../src/model/hosting-plan.js";
import { intToIpv4, ipv4ToInt } from "../../src/network/ip.js";
import { firewallOptionsArgs, vmRulesTarget } from "../../src/proxmox/firewall-args.js";
import { EdgeSandbox } from "../helpers/edge-sandbox.js";
import { betaConfigValues } from "../helpers/fixtures.js";
import {
  macToLinkLocal,
  type PortFirewall,
  pveEbtables,
  pveFirewallRules,
} from "./pve-firewall.js";

/**
 * The lab: the plan of a customer directory as network namespaces and Linux bridges.
 *
 *   <tag>-host  the Proxmox host: bridge labvmbr0 with the host's addresses, one labvmbr<N> per
 *               isolated network (no address), every customer NIC behind its own firewall bridge
 *               (PVE's fwbr layout) and the pve-firewall model on them (br_netfilter)
 *   <tag>-rtr   the EdgeRouter: the gateway address, NAT to the internet, the public IP's
 *               forwards (80/443 and the SSH range) to the edge, hairpin NAT
 *   <tag>-inet  "the internet": a web/SMTP/echo host and DNS resolvers answering every name
 *   <tag>-lan   every reserved address and the owner's VMs (LAN devices, DHCP pool)
 *   <tag>-edge  VM120: eth0 on vmbr0 and one NIC with the planned MAC per isolated bridge,
 *               configured only by the project's rendered edge scripts, with a real nginx
 *   <tag>-v<id> one namespace per customer VM: planned address, gateway, MAC, link-local
 *
 * Nothing is created in the root namespace: every interface lives in a lab namespace, so the
 * plan's addresses (the public IP, the LAN) exist only inside the lab.
 */

export const PROBE = join(__dirname, "probe.py");
const SERVE = join(__dirname, "serve.py");
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const NS_PATTERN = /^lab(\d+)[a-z]-/;

export const INTERNET_HOST = "198.51.100.1";
const INTERNET_GATEWAY = "203.0.113.1";
const MAC = {
  host: "02:1a:b0:00:00:01",
  router: "02:1a:b0:00:00:02",
  lan: "02:1a:b0:00:00:03",
  edge: "02:1a:b0:00:00:04",
};

export type ProbeKind = "tcp" | "udp" | "http" | "https" | "dns";
export interface Probe {
  k: ProbeKind;
  h: string;
  p: number;
  /** source address to bind */
  s?: string;
  /** Host header and SNI (http/https), or the name to resolve (dns) */
  host?: string;
}
export interface ProbeResult {
  r: "ok" | "refused" | "timeout" | "error";
  t: string;
}

export interface LabVm {
  customer: PlannedCustomer;
  vm: PlannedVm;
  ns: string;
  isolated: boolean;
  linkLocal: string;
  /** the bridge the VM's firewall bridge hangs off, in the host namespace */
  bridge: string;
}

export interface Target {
  what: string;
  address: string;
  mac?: string;
}

/** Why the lab cannot run here, or undefined. */
export function labPrerequisites(): string | undefined {
  if (process.platform !== "linux") return "the lab needs Linux network namespaces";
  if (process.getuid?.() !== 0) return "the lab needs root (network namespaces, iptables)";
  for (const tool of ["ip", "iptables", "ip6tables", "ebtables", "nginx", "conntrack", "openssl"]) {
    const found = spawnSync("bash", ["-c", `command -v ${tool}`]).status === 0;
    if (!found) return `the lab needs ${tool} (see .ci/apt-packages)`;
  }
  if (spawnSync(PYTHON, ["-c", "import ssl"]).status !== 0) return "the lab needs python3";
  const ns = `lab${process.pid}z-check`;
  const check = spawnSync(
    "bash",
    [
      "-c",
      `ip netns add ${ns} && ip netns exec ${ns} sysctl -q -w net.bridge.bridge-nf-call-iptables=1; r=$?; ip netns del ${ns}; exit $r`,
    ],
    { encoding: "utf8" },
  );
  if (check.status !== 0)
    return `cannot create a namespace with br_netfilter (modprobe br_netfilter?): ${check.stderr.trim()}`;
  return undefined;
}

function sh(script: string, input = ""): string {
  const run = spawnSync("bash", ["-c", `set -euo pipefail\n${script}`], {
    input,
    encoding: "utf8",
    timeout: 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (run.status !== 0)
    throw new Error(`lab command failed (${run.status}): ${script.slice(0, 400)}\n${run.stderr}`);
  return run.stdout;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function killNamespaces(names: readonly string[]): void {
  if (names.length === 0) return;
  const list = names.join(" ");
  spawnSync("bash", [
    "-c",
    `for n in ${list}; do ip netns pids $n 2>/dev/null | xargs -r kill -9 2>/dev/null; done; for n in ${list}; do ip netns del $n 2>/dev/null; done; true`,
  ]);
}

/** Removes namespaces and temp folders of labs whose test process is gone (interrupted runs). */
export function cleanLeftovers(): void {
  const names = sh("ip netns list | cut -d' ' -f1")
    .split("\n")
    .filter((n) => {
      const m = NS_PATTERN.exec(n);
      return m !== null && !pidAlive(Number(m[1]));
    });
  killNamespaces(names);
  for (const entry of readdirSync(tmpdir())) {
    const m = /^lab-(\d+)-/.exec(entry);
    if (m && !pidAlive(Number(m[1])))
      rmSync(join(tmpdir(), entry), { recursive: true, force: true });
  }
}

function expandRange(text: string): string[] {
  const [from, to] = text.includes("-") ? text.split("-") : [text, text];
  if (from.includes("/")) throw new Error(`the lab expands ranges, not CIDRs: ${text}`);
  const out: string[] = [];
  for (let i = ipv4ToInt(from); i <= ipv4ToInt(to); i++) out.push(intToIpv4(i));
  return out;
}

let labs = 0;

export class Lab {
  readonly tag = `lab${process.pid}${String.fromCharCode(97 + labs++)}`;
  readonly root = mkdtempSync(join(tmpdir(), `lab-${process.pid}-`));
  readonly plan: HostingPlan;
  readonly ns: { host: string; rtr: string; inet: string; lan: string; edge: string };
  readonly vms: LabVm[] = [];
  readonly edge: EdgeSandbox;
  readonly commands: EdgeUnit[];
  readonly rendered: Record<string, string>;
  /** every reserved address of the config (ranges expanded) and the owner's VMs' addresses */
  readonly reserved: string[];
  readonly ownerVms: string[];
  readonly lanClient: string;
  private children: ChildProcess[] = [];

  constructor(customersDir: string) {
    const analysis = analyze({
      configValues: betaConfigValues(),
      configFile: "Pulumi.beta.yaml",
      customersDir,
    });
    if (!analysis.plan)
      throw new Error(
        `no plan: ${analysis.issues.map((i) => `${i.file}: ${i.message}`).join("\n")}`,
      );
    this.plan = analysis.plan;
    const t = this.tag;
    this.ns = {
      host: `${t}-host`,
      rtr: `${t}-rtr`,
      inet: `${t}-inet`,
      lan: `${t}-lan`,
      edge: `${t}-edge`,
    };
    const config = this.plan.config;
    this.reserved = config.reservedAddresses.flatMap((r) => expandRange(r.addresses));
    const base = ipv4ToInt(config.community.subnet.split("/")[0]);
    this.ownerVms = config.reservedVmids.map((r) => intToIpv4(base + r.vmid));
    this.lanClient = this.reserved[0];
    this.edge = new EdgeSandbox({ ns: this.ns.edge, tmpPrefix: `lab-${process.pid}-edge-` });
    this.commands = edgeUnits(this.plan, this.edge.paths);
    this.rendered = renderEdgeFiles(this.plan, this.edge.paths);
    for (const customer of this.plan.customers) {
      const isolated = customer.network.isolated;
      for (const vm of customer.vms)
        this.vms.push({
          customer,
          vm,
          ns: `${t}-v${vm.vmid}`,
          isolated: isolated !== undefined,
          linkLocal: macToLinkLocal(vm.mac),
          bridge: isolated ? `labvmbr${isolated.bridgeNumber}` : "labvmbr0",
        });
    }
  }

  get config() {
    return this.plan.config;
  }

  /** The edge's MAC-derived link-local address on an isolated network (IPv6 must be off there). */
  edgeLinkLocal(customer: PlannedCustomer): string | undefined {
    const mac = customer.network.isolated?.edgeMac;
    return mac ? macToLinkLocal(mac) : undefined;
  }

  /** Fixed MACs of the lab's own hosts on vmbr0, for IPv6 link-local targets. */
  infraTargets(): Target[] {
    return [
      { what: "the host", address: macToLinkLocal(MAC.host), mac: MAC.host },
      { what: "the router", address: macToLinkLocal(MAC.router), mac: MAC.router },
      { what: "a LAN device", address: macToLinkLocal(MAC.lan), mac: MAC.lan },
      { what: "the edge", address: macToLinkLocal(MAC.edge), mac: MAC.edge },
    ];
  }

  sites(): { site: SiteSpec; customer: PlannedCustomer }[] {
    return this.plan.customers.flatMap((customer) =>
      customerSites(customer).map((site) => ({ site, customer })),
    );
  }

  async build(): Promise<void> {
    const { host, rtr, inet, lan, edge } = this.ns;
    const config = this.config;
    const prefix = config.community.subnet.split("/")[1];
    const gw = config.community.gateway;
    const uplink = config.edge.uplink;
    const net = edgeNetContext(config);
    const lines: string[] = [];
    const nsSetup = (ns: string) =>
      lines.push(
        `ip netns add ${ns}`,
        `ip -n ${ns} link set lo up`,
        `ip netns exec ${ns} sysctl -q -w net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0`,
      );
    for (const ns of [host, rtr, inet, lan]) nsSetup(ns);
    // The edge sandbox made its namespace; the rest of its setup is the same.
    lines.push(
      `ip netns exec ${edge} sysctl -q -w net.ipv6.conf.default.accept_dad=0 net.ipv6.conf.all.accept_dad=0`,
    );
    // The host: br_netfilter on, no IPv6 on its plumbing, the host's addresses on vmbr0.
    lines.push(
      `ip netns exec ${host} sysctl -q -w net.bridge.bridge-nf-call-iptables=1 net.bridge.bridge-nf-call-ip6tables=1 net.ipv6.conf.default.disable_ipv6=1`,
      `ip -n ${host} link add labvmbr0 address ${MAC.host} type bridge`,
      `ip netns exec ${host} sysctl -q -w net.ipv6.conf.labvmbr0.disable_ipv6=0`,
      ...config.hostAddresses.map((a) => `ip -n ${host} addr add ${a}/${prefix} dev labvmbr0`),
      `ip -n ${host} link set labvmbr0 up`,
      `ip -n ${host} route add default via ${gw}`,
    );
    const plug = (hostEnd: string, ns: string, nsEnd: string, bridge: string, mac?: string) =>
      lines.push(
        `ip -n ${host} link add ${hostEnd} type veth peer name ${nsEnd} netns ${ns}${mac ? ` address ${mac}` : ""}`,
        `ip -n ${host} link set ${hostEnd} master ${bridge} up`,
      );
    for (const c of this.plan.customers) {
      const n = c.network.isolated?.bridgeNumber;
      if (n !== undefined)
        lines.push(
          `ip -n ${host} link add labvmbr${n} type bridge`,
          `ip -n ${host} link set labvmbr${n} up`,
        );
    }
    // The router: LAN side on vmbr0, WAN side to the internet, NAT and the public forwards.
    plug("labr0", rtr, "lab0", "labvmbr0", MAC.router);
    lines.push(
      `ip -n ${rtr} addr add ${gw}/${prefix} dev lab0`,
      `ip -n ${rtr} link set lab0 up`,
      `ip -n ${rtr} link add lab1 type veth peer name lab0 netns ${inet}`,
      `ip -n ${rtr} addr add ${config.publicIp}/24 dev lab1`,
      `ip -n ${rtr} link set lab1 up`,
      `ip -n ${rtr} route add default via ${INTERNET_GATEWAY}`,
      `ip netns exec ${rtr} sysctl -q -w net.ipv4.ip_forward=1`,
      `ip netns exec ${rtr} iptables -t nat -A PREROUTING -d ${config.publicIp} -p tcp -m multiport --dports 80,443 -j DNAT --to-destination ${uplink.address}`,
      `ip netns exec ${rtr} iptables -t nat -A PREROUTING -d ${config.publicIp} -p tcp --dport ${net.sshPorts[0]}:${net.sshPorts[1]} -j DNAT --to-destination ${uplink.address}`,
      `ip netns exec ${rtr} iptables -t nat -A POSTROUTING -o lab1 -j MASQUERADE`,
      `ip netns exec ${rtr} iptables -t nat -A POSTROUTING -o lab0 -s ${config.community.subnet} -m conntrack --ctstate DNAT -j MASQUERADE`,
    );
    // The internet: a host, the resolvers of hosting:dnsServers, client addresses.
    lines.push(
      `ip -n ${inet} addr add ${INTERNET_GATEWAY}/24 dev lab0`,
      `ip -n ${inet} link set lab0 up`,
      `ip -n ${inet} addr add ${INTERNET_HOST}/32 dev lo`,
      `ip -n ${inet} route add local 198.51.100.0/24 dev lo`,
      ...config.dnsServers.map((a) => `ip -n ${inet} addr add ${a}/32 dev lo`),
    );
    // The LAN: every reserved address and the owner's VMs.
    plug("labm0", lan, "lab0", "labvmbr0", MAC.lan);
    lines.push(
      ...[...this.reserved, ...this.ownerVms].map(
        (a) => `ip -n ${lan} addr add ${a}/${prefix} dev lab0`,
      ),
      `ip -n ${lan} link set lab0 up`,
      `ip -n ${lan} route add default via ${gw}`,
      // The worst a LAN device can do: route the isolated subnets to the edge itself.
      `ip -n ${lan} route add 10.0.0.0/8 via ${uplink.address}`,
    );
    // The edge: eth0 as the operator set it up (ifupdown), one NIC per isolated bridge.
    plug("labx0", edge, uplink.interface, "labvmbr0", MAC.edge);
    lines.push(...this.edgeUplinkUp());
    for (const c of this.plan.customers) {
      const spec = edgeNetworkSpec(c);
      if (!spec) continue;
      plug(
        `labe${spec.bridgeNumber}`,
        edge,
        `labn${spec.bridgeNumber}`,
        `labvmbr${spec.bridgeNumber}`,
        spec.mac.toLowerCase(),
      );
    }
    // Customer VMs, each behind its own firewall bridge as PVE wires a NIC with firewall=1.
    for (const v of this.vms) {
      const id = v.vm.vmid;
      nsSetup(v.ns);
      lines.push(
        `ip -n ${host} link add labb${id} type bridge`,
        // The host answers ARP on the firewall bridge only through vmbr0, as PVE's own
        // FirewallSimulator routes a VM's packets to the host (fwbr FORWARD, then vmbr0 INPUT).
        `ip netns exec ${host} sysctl -q -w net.ipv4.conf.labb${id}.arp_ignore=8`,
        `ip -n ${host} link set labb${id} up`,
        `ip -n ${host} link add labl${id} type veth peer name labp${id}`,
        `ip -n ${host} link set labl${id} master labb${id} up`,
        `ip -n ${host} link set labp${id} master ${v.bridge} up`,
      );
      plug(`labt${id}`, v.ns, "lab0", `labb${id}`, v.vm.mac.toLowerCase());
      lines.push(
        `ip -n ${v.ns} addr add ${v.vm.address}/${v.customer.network.prefixLength} dev lab0`,
        `ip -n ${v.ns} link set lab0 up`,
        `ip -n ${v.ns} route add default via ${v.customer.network.gateway}`,
      );
    }
    sh(lines.join("\n"));
    this.applyPveFirewall();
    await this.startServices();
    this.configureEdge();
  }

  /** What Debian's ifupdown does for eth0 at boot: the operator's config, not the project's. */
  edgeUplinkUp(): string[] {
    const { edge } = this.ns;
    const config = this.config;
    const uplink = config.edge.uplink;
    const prefix = config.community.subnet.split("/")[1];
    return [
      `ip -n ${edge} addr add ${uplink.address}/${prefix} dev ${uplink.interface}`,
      `ip -n ${edge} link set ${uplink.interface} up`,
      `ip -n ${edge} route add default via ${config.community.gateway}`,
    ];
  }

  portFirewalls(): PortFirewall[] {
    return this.vms.map((v) => ({
      vmid: v.vm.vmid,
      tap: `labt${v.vm.vmid}`,
      mac: v.vm.mac,
      address: v.vm.address,
      linkLocal: v.linkLocal,
      // The same calls as src/components/customer-vm.ts.
      rules: vmRules(
        v.customer.vms.map((x) => x.address),
        v.customer.network.edgeAddress,
      ),
      options: firewallOptionsArgs(vmRulesTarget(this.config, v.vm.vmid)),
    }));
  }

  private applyPveFirewall(): void {
    const ports = this.portFirewalls();
    const groups = { [EGRESS_GROUP]: egressGroupRules(this.config.publicIp) };
    const inHost = `ip netns exec ${this.ns.host}`;
    writeFileSync(join(this.root, "pve-v4.rules"), pveFirewallRules(ports, groups, 4));
    writeFileSync(join(this.root, "pve-v6.rules"), pveFirewallRules(ports, groups, 6));
    sh(
      [
        `${inHost} iptables-restore --noflush < ${this.root}/pve-v4.rules`,
        `${inHost} ip6tables-restore --noflush < ${this.root}/pve-v6.rules`,
        ...pveEbtables(ports).map((c) => `${inHost} ${c}`),
      ].join("\n"),
    );
  }

  private startService(ns: string, args: string[]): Promise<void> {
    const child = spawn("ip", ["netns", "exec", ns, PYTHON, SERVE, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.children.push(child);
    return new Promise((resolve, reject) => {
      let err = "";
      child.stderr.on("data", (d) => (err += d));
      child.stdout.once("data", () => resolve());
      child.once("exit", (code) => reject(new Error(`service in ${ns} exited ${code}: ${err}`)));
    });
  }

  private async startServices(): Promise<void> {
    const { host, rtr, inet, lan, edge } = this.ns;
    await Promise.all([
      this.startService(host, ["host", "--tcp", "22", "--http", "80,443,8006", "--udp", "53,8006"]),
      this.startService(rtr, ["router", "--tcp", "22", "--http", "80,443", "--udp", "53"]),
      this.startService(lan, ["lan", "--tcp", "22", "--http", "80,443,8006", "--udp", "53,8006"]),
      this.startService(inet, [
        "internet",
        "--tcp",
        "22,25",
        "--http",
        "80,443",
        "--echo",
        "7",
        "--udp",
        "53",
        "--dns",
        INTERNET_HOST,
      ]),
      // VM120's own sshd and a resolver stand-in (nginx is the project's).
      this.startService(edge, ["edge", "--tcp", "22", "--udp", "53"]),
      ...this.vms.map((v) =>
        this.startService(v.ns, [v.vm.name, "--tcp", "22", "--http", "80", "--udp", "53"]),
      ),
    ]);
  }

  /**
   * The edge, configured only by the project's rendered scripts (in the order Pulumi may run
   * them), with a real nginx and a certbot stand-in that issues a test certificate.
   */
  private configureEdge(): void {
    for (const cmd of this.commands) {
      if (this.rendered[`edge/scripts/${cmd.name}.apply.sh`] !== cmd.apply)
        throw new Error(`renderEdgeFiles and edgeCommands disagree on ${cmd.name}`);
    }
    const box = this.edge;
    const pki = join(this.root, "pki");
    sh(
      `mkdir -p ${pki} && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ${pki}/key.pem -out ${pki}/cert.pem -days 2 -subj /CN=lab-test-certificate 2>/dev/null`,
    );
    writeFileSync(
      join(box.bin, "certbot"),
      `#!/bin/bash
# Lab stand-in for certbot: certonly puts the lab's test certificate into the lineage.
cmd=$1; shift; name=""; dir=""
while [ $# -gt 0 ]; do case "$1" in --cert-name) name=$2; shift ;; --config-dir) dir=$2; shift ;; esac; shift; done
case "$cmd" in
  certonly) mkdir -p "$dir/live/$name" "$dir/renewal"; cp ${pki}/cert.pem "$dir/live/$name/fullchain.pem"; cp ${pki}/key.pem "$dir/live/$name/privkey.pem"; : > "$dir/renewal/$name.conf" ;;
  delete) rm -rf "$dir/live/$name" "$dir/renewal/$name.conf" ;;
esac
`,
      { mode: 0o755 },
    );
    box.startNginx();
    for (const cmd of this.commands) this.runEdgeScript(cmd, "apply");
  }

  runEdgeScript(cmd: EdgeUnit, which: "apply" | "delete"): string {
    const r = this.edge.runScript(cmd[which], which === "apply" ? cmd.stdin : "");
    if (r.code !== 0)
      throw new Error(
        `edge script ${cmd.name}.${which} failed (${r.code}): ${r.stderr}${r.stdout}`,
      );
    return r.stdout;
  }

  command(name: string): EdgeUnit {
    const found = this.commands.find((c) => c.name === name);
    if (!found) throw new Error(`no edge command ${name}`);
    return found;
  }

  /**
   * A simulated reboot of VM120: every rule of every table flushed, every address gone, every
   * link down and back to a kernel name, sysctls back to the kernel's defaults. Then what Debian
   * itself does at boot — udev names NICs by the .link files, systemd-sysctl applies sysctl.d,
   * ifupdown brings up eth0 from the operator's config — and then only the project's boot unit's
   * ExecStart commands.
   */
  rebootEdge(): void {
    const { edge } = this.ns;
    const box = this.edge;
    const inEdge = `ip netns exec ${edge}`;
    const nics = this.plan.customers.flatMap((c) => {
      const s = edgeNetworkSpec(c);
      return s ? [s] : [];
    });
    const flush = [
      ...["filter", "nat", "mangle", "raw"].flatMap((t) => [
        `${inEdge} iptables -t ${t} -F`,
        `${inEdge} iptables -t ${t} -X`,
        `${inEdge} ip6tables -t ${t} -F`,
        `${inEdge} ip6tables -t ${t} -X`,
      ]),
      `${inEdge} conntrack -F 2>/dev/null || true`,
      `ip -n ${edge} route flush table main`,
      ...[this.config.edge.uplink.interface, ...nics.map((n) => n.ifname)].flatMap((d) => [
        `ip -n ${edge} addr flush dev ${d} 2>/dev/null || true`,
        `ip -n ${edge} link set ${d} down 2>/dev/null || true`,
      ]),
      ...nics.map(
        (n) =>
          `ip -n ${edge} link set dev ${n.ifname} name labn${n.bridgeNumber} 2>/dev/null || true`,
      ),
      `${inEdge} sysctl -q -w net.ipv4.ip_forward=0`,
      ...nics.map(
        (n) => `${inEdge} sysctl -q -w net.ipv6.conf.labn${n.bridgeNumber}.disable_ipv6=0`,
      ),
    ];
    sh(flush.join("\n"));
    // Debian's own boot: udev (.link names by MAC), systemd-sysctl, ifupdown for eth0.
    const links = readdirSync(box.paths.systemdNetworkDir).filter((f) => f.endsWith(".link"));
    const boot: string[] = [];
    for (const file of links) {
      const text = readFileSync(join(box.paths.systemdNetworkDir, file), "utf8");
      const mac = /^MACAddress=(.+)$/m.exec(text)?.[1];
      const name = /^Name=(.+)$/m.exec(text)?.[1];
      if (!mac || !name) throw new Error(`unreadable .link file ${file}`);
      boot.push(
        `${inEdge} bash -c 'for d in /sys/class/net/*; do if [ "$(cat $d/address)" = ${mac} ]; then ip link set dev $(basename $d) name ${name}; fi; done'`,
      );
    }
    for (const file of readdirSync(box.paths.sysctlDir))
      boot.push(`${inEdge} sysctl -q -p ${join(box.paths.sysctlDir, file)}`);
    boot.push(...this.edgeUplinkUp());
    sh(boot.join("\n"));
    const unit = readFileSync(join(box.paths.systemdUnitDir, "lsu-iptables.service"), "utf8");
    const execs = [...unit.matchAll(/^Exec(?:StartPre|Start|StartPost)=-?(.*)$/gm)].map(
      (m) => m[1],
    );
    if (execs.length === 0) throw new Error("the boot unit has no ExecStart");
    for (const exec of execs) {
      const r = box.sh(exec);
      if (r.code !== 0) throw new Error(`boot unit command ${exec} failed: ${r.stderr}`);
    }
  }

  /**
   * Runs probes inside one namespace, all at once (bounded inside probe.py); `timeout` in seconds
   * overrides probe.py's own (LAB_TIMEOUT, 0.5 s).
   */
  probe(ns: string, probes: readonly Probe[], timeout?: number): Promise<ProbeResult[]> {
    if (probes.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      const env =
        timeout === undefined ? process.env : { ...process.env, LAB_TIMEOUT: `${timeout}` };
      const child = spawn("ip", ["netns", "exec", ns, PYTHON, PROBE], {
        stdio: ["pipe", "pipe", "pipe"],
        env,
      });
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (err += d));
      child.on("close", (code) => {
        if (code !== 0) return reject(new Error(`probe in ${ns} failed (${code}): ${err}`));
        resolve(JSON.parse(out) as ProbeResult[]);
      });
      child.stdin.end(JSON.stringify(probes));
    });
  }

  /** Probes from many namespaces, a few namespaces at a time. */
  async probeAll(
    jobs: readonly { ns: string; probes: readonly Probe[] }[],
    concurrency = 8,
    timeout?: number,
  ): Promise<ProbeResult[][]> {
    const results: ProbeResult[][] = new Array(jobs.length);
    let next = 0;
    const worker = async () => {
      while (next < jobs.length) {
        const i = next++;
        results[i] = await this.probe(jobs[i].ns, jobs[i].probes, timeout);
      }
    };
    await Promise.all(Array.from({ length: Math.min(concurrency, jobs.length) }, worker));
    return results;
  }

  /** Runs a shell command in a namespace (test plumbing: static neighbours, conntrack reads). */
  exec(ns: string, command: string): string {
    const run = spawnSync("ip", ["netns", "exec", ns, "bash", "-c", command], {
      encoding: "utf8",
      timeout: 60_000,
    });
    if (run.status !== 0) throw new Error(`in ${ns}: ${command} failed: ${run.stderr}`);
    return run.stdout;
  }

  execAsync(ns: string, command: string): Promise<string> {
    return new Promise((resolve, reject) => {
      const child = spawn("ip", ["netns", "exec", ns, "bash", "-c", command]);
      let out = "";
      let err = "";
      child.stdout.on("data", (d) => (out += d));
      child.stderr.on("data", (d) => (err += d));
      child.on("close", (code) =>
        code === 0 ? resolve(out) : reject(new Error(`in ${ns}: ${command} failed: ${err}`)),
      );
    });
  }

  /** Takes the Proxmox firewall model off the host and puts it back (datacenter switch). */
  pveFirewall(on: boolean): void {
    const inHost = `ip netns exec ${this.ns.host}`;
    if (on) {
      this.applyPveFirewall();
      return;
    }
    sh(
      ["iptables", "ip6tables"]
        .map((t) => `${inHost} ${t} -F && ${inHost} ${t} -X`)
        .concat(`${inHost} ebtables -F && ${inHost} ebtables -X`)
        .join("\n"),
    );
  }

  /** A long-lived TCP connection from `ns`, echoing lines through the internet's echo port. */
  hold(ns: string): Held {
    return new Held(
      spawn("ip", ["netns", "exec", ns, PYTHON, PROBE, "hold", INTERNET_HOST, "7"], {
        stdio: ["pipe", "pipe", "pipe"],
      }),
    );
  }

  destroy(): void {
    for (const child of this.children) child.kill("SIGKILL");
    killNamespaces([
      this.ns.host,
      this.ns.rtr,
      this.ns.inet,
      this.ns.lan,
      ...this.vms.map((v) => v.ns),
    ]);
    this.edge.destroy();
    rmSync(this.root, { recursive: true, force: true });
  }
}

export class Held {
  private lines: string[] = [];
  private waiters: ((line: string) => void)[] = [];

  constructor(private child: ChildProcess) {
    let buf = "";
    child.stdout?.on("data", (d) => {
      buf += d;
      let i = buf.indexOf("\n");
      while (i >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        const waiter = this.waiters.shift();
        if (waiter) waiter(line);
        else this.lines.push(line);
        i = buf.indexOf("\n");
      }
    });
    child.on("close", () => {
      for (const w of this.waiters.splice(0)) w("exited");
    });
  }

  next(): Promise<string> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  async send(text: string): Promise<string> {
    this.child.stdin?.write(`${text}\n`);
    return this.next();
  }

  close(): void {
    this.child.kill("SIGKILL");
  }
}
