import { join } from "node:path";
import { EdgeSandbox } from "./edge-sandbox.js";

const PEER_SERVER = join(__dirname, "peer-server.py");

/**
 * Network namespaces playing the LAN and the customer VMs around the edge sandbox:
 *   lan  — the router 192.168.12.1, the PVE host .71, a LAN client .50, the business's public IP
 *          and an internet host 198.51.100.1 (all on one veth to the edge's eth0 192.168.12.120)
 *   vm<N>— a customer VM on isolated bridge N, joined to an edge NIC carrying the project's MAC.
 * Only veth pairs between these namespaces exist: nothing can leave the machine.
 */
export class NetworkLab {
  readonly box = new EdgeSandbox();
  readonly lan: string;
  private vms: string[] = [];

  constructor() {
    this.lan = `${this.box.ns}-lan`;
    const e = this.box.ns;
    this.box.sh(
      [
        `ip netns add ${this.lan}`,
        `ip link add eth0 netns ${e} type veth peer name lan0 netns ${this.lan}`,
        `ip -n ${e} addr add 192.168.12.120/24 dev eth0`,
        `ip -n ${e} link set eth0 up`,
        `ip -n ${e} route add default via 192.168.12.1`,
        `ip -n ${this.lan} link set lo up`,
        `ip -n ${this.lan} link set lan0 up`,
        ...["192.168.12.1", "192.168.12.71", "192.168.12.50"].map(
          (a) => `ip -n ${this.lan} addr add ${a}/24 dev lan0`,
        ),
        ...["198.51.100.1", "203.0.113.10"].map((a) => `ip -n ${this.lan} addr add ${a}/32 dev lo`),
        `ip netns exec ${this.lan} sysctl -q -w net.ipv4.ip_forward=1`,
      ].join(" && ") +
        `\n(ip netns exec ${this.lan} setsid python3 ${PEER_SERVER} 0.0.0.0 22 25 80 443 8006 </dev/null >/dev/null 2>&1 &)`,
      { inNs: false, check: true },
    );
  }

  /** A VM on isolated bridge `bridge` at `address`, plugged into an edge NIC with `mac` (named `ifname` first). */
  addVm(bridge: number, address: string, mac: string): string {
    const vm = `${this.box.ns}-vm${bridge}`;
    const gw = `${address.split(".").slice(0, 3).join(".")}.1`;
    this.box.sh(
      [
        `ip netns add ${vm}`,
        `ip link add tmp${bridge} netns ${this.box.ns} address ${mac} type veth peer name eth0 netns ${vm}`,
        `ip -n ${vm} link set lo up`,
        `ip -n ${vm} addr add ${address}/24 dev eth0`,
        `ip -n ${vm} link set eth0 up`,
        `ip -n ${vm} route add default via ${gw}`,
      ].join(" && ") +
        `\n(ip netns exec ${vm} setsid python3 ${PEER_SERVER} ${address} 22 80 </dev/null >/dev/null 2>&1 &)`,
      { inNs: false, check: true },
    );
    this.vms.push(vm);
    return vm;
  }

  /** Opens a TCP connection from namespace `ns`; returns the peer address the server saw, or "" if none. */
  connect(ns: string, host: string, port: number): string {
    const r = this.box.sh(
      `timeout 2 ip netns exec ${ns} bash -c 'exec 3<>/dev/tcp/${host}/${port}; head -n1 <&3' 2>/dev/null`,
      { inNs: false },
    );
    return r.stdout.trim();
  }

  /** Like connect, from a given source address of the namespace. */
  connectFrom(ns: string, source: string, host: string, port: number): string {
    const py = `import socket; s = socket.socket(); s.settimeout(2); s.bind(("${source}", 0)); s.connect(("${host}", ${port})); print(s.makefile().readline().strip())`;
    const r = this.box.sh(`timeout 3 ip netns exec ${ns} python3 -c '${py}' 2>/dev/null`, {
      inNs: false,
    });
    return r.stdout.trim();
  }

  ping(ns: string, host: string): boolean {
    return this.box.sh(`ip netns exec ${ns} ping -c1 -W1 ${host}`, { inNs: false }).code === 0;
  }

  /** The project's chains and jumps, as iptables-save prints them (counters dropped). */
  projectRules(): string {
    const dump = this.box.sh("iptables-save", { check: true }).stdout;
    return dump
      .split("\n")
      .filter((l) => /^(\*|:LSU|-A LSU|-A [A-Z]+ .*-j LSU)/.test(l))
      .map((l) => l.replace(/\[\d+:\d+\]/, "[0:0]"))
      .join("\n");
  }

  destroy(): void {
    for (const ns of [...this.vms, this.lan])
      this.box.sh(`ip netns pids ${ns} | xargs -r kill -9; ip netns del ${ns}`, { inNs: false });
    this.box.destroy();
  }
}
