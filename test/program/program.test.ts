import { beforeAll, describe, expect, it } from "vitest";
import type { PlanEvaluation } from "../../src/plan/evaluate-plan.js";
import { examples, find, runPlan, T } from "../helpers/plan.js";

const STACK = "urn:pulumi:beta::lightspeedup-hosting::";
let plan: PlanEvaluation;

beforeAll(async () => {
  plan = await runPlan(examples("customers"));
});

describe("the program on the guide's beta mix (mock engine)", () => {
  it("declares nothing but the expected resources", () => {
    const count = (type: string) => plan.resources.filter((r) => r.type === type).length;
    expect(plan.analysis.issues).toEqual([]);
    expect(count(T.provider)).toBe(1);
    expect(count("pulumi:providers:cloudflare")).toBe(1);
    expect(count(T.customer)).toBe(16);
    expect(count(T.pool)).toBe(16);
    expect(count(T.vm)).toBe(16);
    expect(count(T.fwOptions)).toBe(16);
    expect(count(T.ipset)).toBe(16);
    expect(count(T.rules)).toBe(16);
    expect(count(T.bridge)).toBe(4);
    expect(count(T.group)).toBe(1);
    expect(count(T.job)).toBe(3);
    // web half (edge sites and DNS) is covered in test/program/edge.test.ts
    // shared files and base chains, 16 platform hostnames, 9 domains and the www of the 7
    // external ones that have one (a site of its own), 4 networks, 16 SSH forwards,
    // 5 monitoring units and the edge's exporter (test/monitoring/program.test.ts)
    expect(count("command:remote:Command")).toBe(2 + 16 + 9 + 7 + 4 + 16 + 6);
    expect(count("pulumi-nodejs:dynamic/lightspeedup:EdgeNic")).toBe(4);
    expect(count("cloudflare:index/dnsRecord:DnsRecord")).toBe(16); // platform hostnames; the domains are external
    const perCustomer = 16 * (1 + 1 + 1 + 1 + 1 + 3); // Customer, CustomerVm, CustomerWeb, pool, VM, 3 firewall
    const isolated = 4 * 2; // IsolatedNetwork + Bridge
    const shared = 2 + 2 + 4 + 3 + 1; // providers, firewall group, backup jobs, zone settings, EdgeShared
    const monitoring = 1 + 6; // MonitoringHost and its commands
    expect(plan.resources).toHaveLength(perCustomer + isolated + shared + 54 + 4 + 16 + monitoring);
  });

  it("gives a community customer exactly its pool, VM and VM firewall", () => {
    const customerUrn = find(plan.resources, T.customer, "alpine-bakery").urn;
    const vmUrn = find(plan.resources, T.customerVm, "vm-152").urn;
    const children = plan.resources.filter(
      (r) =>
        (r.parentUrn === customerUrn || r.parentUrn === vmUrn) && !r.type.endsWith("CustomerWeb"),
    );
    expect(children.map((r) => `${r.type} ${r.name}`).sort()).toEqual(
      [
        `${T.pool} pool-alpine-bakery`,
        `${T.customerVm} vm-152`,
        `${T.vm} vm-152`,
        `${T.fwOptions} fw-options-152`,
        `${T.ipset} fw-ipfilter-152`,
        `${T.rules} fw-rules-152`,
        "command:remote:Command edge-ssh-152",
      ].sort(),
    );
  });

  it("gives an isolated customer its protected bridge too", () => {
    const net = find(plan.resources, T.isolatedNetwork, "net-10");
    expect(net.parentUrn).toBe(find(plan.resources, T.customer, "harbor-shop").urn);
    const bridge = find(plan.resources, T.bridge, "bridge-10");
    expect(bridge.parentUrn).toBe(net.urn);
    expect(bridge.inputs).toEqual({
      nodeName: "LightSpeedUp",
      name: "vmbr10",
      comment: "LightSpeedUp isolated network of harbor-shop",
      autostart: true,
      vlanAware: false,
    });
    expect(bridge.options.protect).toBe(true);
  });
});

describe("a customer VM follows every data-safety rule", () => {
  it("has exactly the VmLegacy inputs of DESIGN §9 (community)", () => {
    const vm = find(plan.resources, T.vm, "vm-152");
    expect(vm.inputs).toEqual({
      nodeName: "LightSpeedUp",
      vmId: 152,
      name: "alpine-bakery-web",
      description:
        "LightSpeedUp customer alpine-bakery, starter package. Managed by Pulumi: edit customers/alpine-bakery.yaml, not this VM.",
      tags: ["cust-alpine-bakery", "lsu", "lsu-community", "lsu-starter"],
      poolId: "cust-alpine-bakery",
      clone: {
        vmId: 9000,
        full: true,
        datastoreId: "SSD_VMs",
        nodeName: "LightSpeedUp",
        retries: 3,
      },
      scsiHardware: "virtio-scsi-single",
      agent: { enabled: true, trim: true, timeout: "2m" },
      cpu: { cores: 2, sockets: 1, type: "x86-64-v2-AES" },
      memory: { dedicated: 4096 },
      disks: [
        {
          interface: "scsi0",
          datastoreId: "SSD_VMs",
          size: 30,
          discard: "on",
          ssd: true,
          iothread: true,
        },
      ],
      networkDevices: [
        { bridge: "vmbr0", model: "virtio", macAddress: "02:4C:53:00:00:98", firewall: true },
      ],
      initialization: {
        datastoreId: "SSD_VMs",
        interface: "ide2",
        userAccount: {
          username: "debian",
          keys: [expect.stringMatching(/^ssh-ed25519 AAAA\S+ ops@alpine-bakery$/)],
        },
        ipConfigs: [{ ipv4: { address: "192.168.12.152/24", gateway: "192.168.12.1" } }],
        dns: { servers: ["1.1.1.1", "9.9.9.9"] },
      },
      operatingSystem: { type: "l26" },
      started: true,
      onBoot: true,
      protection: true,
      rebootAfterUpdate: false,
      migrate: true,
    });
  });

  it("puts isolated VMs on their bridge with the edge as gateway", () => {
    const vm = find(plan.resources, T.vm, "vm-151");
    expect(vm.inputs.networkDevices).toEqual([
      { bridge: "vmbr10", model: "virtio", macAddress: "02:4C:53:00:00:97", firewall: true },
    ]);
    expect((vm.inputs.initialization as any).ipConfigs).toEqual([
      { ipv4: { address: "10.0.0.10/24", gateway: "10.0.0.1" } },
    ]);
    expect(vm.inputs.cpu).toEqual({ cores: 6, sockets: 1, type: "x86-64-v2-AES" });
    expect(vm.inputs.memory).toEqual({ dedicated: 16384 });
    expect((vm.inputs.disks as any)[0].size).toBe(120);
  });

  it("is protected, pinned and ignores clone and cloud-init changes, and is never delete-before-replace", () => {
    for (const vm of plan.resources.filter((r) => r.type === T.vm)) {
      expect(vm.options.protect).toBe(true);
      expect(vm.options.ignoreChanges).toEqual(["clone", "initialization"]);
      expect(vm.options.deleteBeforeReplace).toBe(false);
      expect(vm.inputs.vmId).toBe(Number(vm.name.replace("vm-", "")));
      expect(vm.options.provider).toMatch(
        new RegExp(`^${STACK.replace(/[$.]/g, "\\$&")}pulumi:providers:proxmoxve::proxmoxve::`),
      );
      expect(vm.options.importId).toBe("");
    }
  });

  it("depends on its pool, and an isolated VM on its bridge", () => {
    const community = find(plan.resources, T.vm, "vm-152");
    expect(community.options.dependsOn).toEqual([
      find(plan.resources, T.pool, "pool-alpine-bakery").urn,
    ]);
    const isolated = find(plan.resources, T.vm, "vm-151");
    expect(isolated.options.dependsOn.sort()).toEqual(
      [
        find(plan.resources, T.pool, "pool-harbor-shop").urn,
        find(plan.resources, T.bridge, "bridge-10").urn,
      ].sort(),
    );
  });

  it("configures the proxmox provider from stack config with the token secret and TLS verified", () => {
    const provider = find(plan.resources, T.provider, "proxmoxve");
    expect(provider.inputs).toMatchObject({
      endpoint: "https://192.168.12.71:8006/",
      apiToken: "[secret]",
      insecure: "false",
      minTls: "1.2",
    });
  });
});

describe("each VM's Proxmox firewall", () => {
  it("turns on options with input DROP, ipfilter and macfilter, no DHCP/NDP/RA", () => {
    const options = find(plan.resources, T.fwOptions, "fw-options-152");
    expect(options.inputs).toEqual({
      nodeName: "LightSpeedUp",
      vmId: 152,
      enabled: true,
      inputPolicy: "DROP",
      outputPolicy: "ACCEPT",
      ipfilter: true,
      macfilter: true,
      dhcp: false,
      ndp: false,
      radv: false,
      logLevelIn: "info",
      logLevelOut: "nolog",
    });
    expect(options.options.dependsOn).toEqual([find(plan.resources, T.vm, "vm-152").urn]);
  });

  it("pins the VM's one address in ipfilter-net0, deleted before it is replaced", () => {
    const ipset = find(plan.resources, T.ipset, "fw-ipfilter-151");
    expect(ipset.inputs).toEqual({
      nodeName: "LightSpeedUp",
      vmId: 151,
      name: "ipfilter-net0",
      comment: "anti-spoofing: the one address of net0",
      cidrs: [{ name: "10.0.0.10", comment: "assigned address" }],
    });
    expect(ipset.options.deleteBeforeReplace).toBe(true);
  });

  it("lists the rules in order and inserts the shared egress group last", () => {
    const rules = find(plan.resources, T.rules, "fw-rules-151");
    expect(rules.inputs).toEqual({
      nodeName: "LightSpeedUp",
      vmId: 151,
      rules: [
        {
          enabled: true,
          type: "in",
          action: "ACCEPT",
          proto: "tcp",
          dport: "80,443",
          source: "10.0.0.1",
          comment: "web from the edge's nginx",
        },
        {
          enabled: true,
          type: "in",
          action: "ACCEPT",
          proto: "tcp",
          dport: "22",
          source: "10.0.0.1",
          comment: "ssh through the edge's forward",
        },
        {
          enabled: true,
          type: "in",
          action: "ACCEPT",
          source: "10.0.0.10",
          comment: "everything from the customer's own VMs",
        },
        {
          enabled: true,
          type: "out",
          action: "ACCEPT",
          dest: "10.0.0.10",
          comment: "everything to the customer's own VMs",
        },
        { enabled: true, securityGroup: "lsu-egress", comment: "shared outbound deny list" },
      ],
    });
    expect(rules.options.dependsOn).toContain(find(plan.resources, T.group, "sg-egress").urn);
    const community = find(plan.resources, T.rules, "fw-rules-152");
    expect((community.inputs.rules as any)[0].source).toBe("192.168.12.120");
  });

  it("declares the cluster egress group once, with every outbound rule in order", () => {
    const group = find(plan.resources, T.group, "sg-egress");
    expect(group.inputs).toEqual({
      name: "lsu-egress",
      comment: "LightSpeedUp customer VMs: outbound deny list",
      rules: [
        {
          enabled: true,
          type: "out",
          action: "REJECT",
          proto: "tcp",
          dport: "25",
          comment: "no outbound SMTP: the public IP is shared",
        },
        {
          enabled: true,
          type: "out",
          action: "ACCEPT",
          proto: "tcp",
          dport: "80,443",
          dest: "203.0.113.10",
          comment: "hairpin to the business's public web",
        },
        {
          enabled: true,
          type: "out",
          action: "DROP",
          dest: "203.0.113.10",
          comment: "nothing else on the business's public IP",
        },
        {
          enabled: true,
          type: "out",
          action: "DROP",
          dest: "10.0.0.0/8",
          comment: "no private, CGNAT or link-local: 10.0.0.0/8",
        },
        {
          enabled: true,
          type: "out",
          action: "DROP",
          dest: "172.16.0.0/12",
          comment: "no private, CGNAT or link-local: 172.16.0.0/12",
        },
        {
          enabled: true,
          type: "out",
          action: "DROP",
          dest: "192.168.0.0/16",
          comment: "no private, CGNAT or link-local: 192.168.0.0/16",
        },
        {
          enabled: true,
          type: "out",
          action: "DROP",
          dest: "100.64.0.0/10",
          comment: "no private, CGNAT or link-local: 100.64.0.0/10",
        },
        {
          enabled: true,
          type: "out",
          action: "DROP",
          dest: "169.254.0.0/16",
          comment: "no private, CGNAT or link-local: 169.254.0.0/16",
        },
        {
          enabled: true,
          type: "out",
          action: "DROP",
          dest: "::/0",
          comment: "no IPv6 at all, link-local included: customer VMs are IPv4-only",
        },
      ],
    });
  });

  it("never declares the datacenter firewall switch", () => {
    expect(
      plan.resources.filter((r) => r.type.startsWith("proxmoxve:cluster/firewallLegacy")),
    ).toEqual([]);
  });
});

describe("backup jobs", () => {
  it("declares one vzdump job per package in use with its schedule and retention", () => {
    const enterprise = find(plan.resources, T.job, "backup-enterprise");
    expect(enterprise.inputs).toEqual({
      resourceId: "lsu-enterprise",
      schedule: "hourly",
      storage: "local",
      vmids: ["155", "157"],
      mode: "snapshot",
      compress: "zstd",
      pruneBackups: { "keep-hourly": "24", "keep-daily": "30" },
      mailnotification: "failure",
      mailtos: ["admin@lightspeedup.com"],
      notesTemplate: "{{guestname}}",
      repeatMissed: true,
      enabled: true,
    });
    expect(enterprise.options.dependsOn.sort()).toEqual(
      [find(plan.resources, T.vm, "vm-155").urn, find(plan.resources, T.vm, "vm-157").urn].sort(),
    );
    expect(find(plan.resources, T.job, "backup-starter").inputs).toMatchObject({
      schedule: "*-*-* 02:00",
      pruneBackups: { "keep-daily": "7" },
      vmids: ["152", "153", "158", "159", "162", "164", "165", "167"],
    });
    expect(find(plan.resources, T.job, "backup-business").inputs).toMatchObject({
      schedule: "*-*-* 02:00",
      pruneBackups: { "keep-daily": "14" },
    });
  });
});

describe("stack outputs", () => {
  it("export the inventory without e-mails, capacity and revenue", () => {
    const out = plan.outputs!;
    expect(JSON.stringify(out)).not.toContain("@harbor-shop.example");
    expect(out.inventory.find((c) => c.name === "harbor-shop")).toEqual({
      name: "harbor-shop",
      displayName: "Harbor Shop",
      status: "active",
      tier: "isolated",
      bridge: "vmbr10",
      pricing: "beta",
      monthlyPrice: 49.5,
      platformHostname: "harbor-shop.lightspeedup.com",
      vms: [
        {
          vmid: 151,
          name: "harbor-shop-web",
          role: "web",
          package: "business",
          address: "10.0.0.10",
          bridge: "vmbr10",
          mac: "02:4C:53:00:00:97",
          sshEndpoint: "203.0.113.10:22151",
          adopted: false,
        },
      ],
      domains: [
        {
          name: "harbor-shop.example",
          hostnames: ["harbor-shop.example", "www.harbor-shop.example"],
          upstream: "web",
          tls: "letsencrypt",
          zone: null,
        },
      ],
    });
    expect(out.revenue).toEqual({
      currency: "USD",
      monthly: 602,
      suspended: [],
      suspendedTotal: 0,
      beta: 602,
      regular: 1204,
    });
    expect(out.capacity.resources.memory).toMatchObject({ demand: 442, limit: 480 });
  });
});
