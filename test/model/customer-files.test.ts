import { describe, expect, it } from "vitest";
import { betaConfig, communityFile, isolatedFile, KEY_A } from "../helpers/fixtures.js";
import { problemLines, problems } from "../helpers/problems.js";

const ok = (files: Record<string, string>) => expect(problemLines(files)).toEqual([]);

describe("a valid customer file", () => {
  it("passes with only name, contact and vms", () =>
    ok({ "acme.yaml": communityFile("acme", 151) }));

  it("passes with every field", () =>
    ok({
      "harbor-shop.yaml": `# yaml-language-server: $schema=./customer.schema.json
name: harbor-shop
displayName: "Harbor Shop; $(rm -rf /) {evil}"
contact: ops@harbor-shop.example
network: isolated
bridge: vmbr11
pricing: regular
status: suspended
vms:
  - vmid: 151
    package: business
    role: web
    address: 10
    image: debian-12
  - vmid: 152
    package: starter
    role: db
sshKeys:
  - ${KEY_A}
domains:
  - name: harbor-shop.example
    www: true
    upstream: web
    tls: letsencrypt
  - name: shop.harbor.example
    www: false
    tls: none
    proxied: false
`,
    }));
});

describe("single-file errors name the file, field path, line and what is allowed", () => {
  it("reports a YAML syntax error with its line", () => {
    const lines = problemLines({ "acme.yaml": "name: acme\nvms: [\n  - vmid: 151\n" });
    expect(lines[0]).toBe(
      "acme.yaml:3: YAML syntax error: Block collections are not allowed within flow collections",
    );
    expect(lines.every((l) => l.startsWith("acme.yaml:"))).toBe(true);
  });

  it("reports a duplicated key", () => {
    expect(problemLines({ "acme.yaml": "name: acme\nname: acme\n" })).toEqual([
      "acme.yaml:2: YAML syntax error: Map keys must be unique",
    ]);
  });

  it("reports an empty file", () => {
    expect(problemLines({ "acme.yaml": "# nothing yet\n" })).toEqual([
      "acme.yaml:1: the file is empty; a customer file needs at least name, contact and vms",
    ]);
  });

  it("reports a file that is not a mapping", () => {
    expect(problemLines({ "acme.yaml": "- a\n- b\n" })).toEqual([
      "acme.yaml:1: must be a YAML mapping of fields (name:, contact:, vms: …)",
    ]);
  });

  it("reports an unknown key with the allowed spelling", () => {
    const text =
      "name: acme\ncontact: ops@acme.example\nvms:\n  - vmid: 151\n    pakage: starter\n";
    expect(problemLines({ "acme.yaml": text })).toEqual([
      "acme.yaml:4: vms[0].package: is required: must be one of starter, business, enterprise",
      'acme.yaml:5: vms[0].pakage: unknown field "pakage"; allowed fields here: vmid, package, role, address, image, adopted; did you mean "package"?',
    ]);
  });

  it("reports wrong types", () => {
    const text =
      "name: acme\ncontact: ops@acme.example\nvms:\n  - vmid: '151'\n    package: starter\nsshKeys: ssh-ed25519\n";
    expect(problemLines({ "acme.yaml": text })).toEqual([
      "acme.yaml:4: vms[0].vmid: must be a whole number (the Proxmox VMID)",
      "acme.yaml:6: sshKeys: Invalid input: expected array, received string",
    ]);
  });

  it.each([
    [
      "Acme",
      "must be 2-32 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'",
    ],
    [
      "acme-",
      "must be 2-32 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'",
    ],
    [
      "1acme",
      "must be 2-32 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'",
    ],
    [
      "a".repeat(33),
      "must be 2-32 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'",
    ],
  ])("refuses the customer name %s", (name, message) => {
    expect(problemLines({ "x.yaml": communityFile(name, 151) })).toEqual([
      `x.yaml:1: name: ${message}`,
    ]);
  });

  it.each(["Web", "w", "web_1", "a-very-long-role-name"])("refuses the role %s", (role) => {
    expect(
      problemLines({ "acme.yaml": communityFile("acme", 151, `    role: ${role}\n`) }),
    ).toEqual([
      "acme.yaml:6: vms[0].role: must be 2-16 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'",
    ]);
  });

  it.each(["ops", "ops@", "@acme.example", "ops@acme"])("refuses the contact %s", (contact) => {
    const text = `name: acme\ncontact: "${contact}"\nvms:\n  - vmid: 151\n    package: starter\n`;
    expect(problemLines({ "acme.yaml": text })).toEqual([
      "acme.yaml:2: contact: must be an e-mail address such as ops@example.com",
    ]);
  });

  it.each([
    ["Shop.Example", "must be lowercase"],
    ["shop", "must have at least two labels, such as example.com"],
    [
      "-shop.example",
      "has an invalid label \"-shop\": labels are 1-63 of a-z, 0-9 and '-', not starting or ending with '-'",
    ],
    [
      "shop..example",
      "has an invalid label \"\": labels are 1-63 of a-z, 0-9 and '-', not starting or ending with '-'",
    ],
    ["shop.example.", "must not end with a dot"],
    [
      "shop;rm.example",
      "has an invalid label \"shop;rm\": labels are 1-63 of a-z, 0-9 and '-', not starting or ending with '-'",
    ],
    ["10.0.0.1", "must not end in an all-numeric label"],
    [
      `${"a".repeat(64)}.example`,
      `has an invalid label "${"a".repeat(64)}": labels are 1-63 of a-z, 0-9 and '-', not starting or ending with '-'`,
    ],
    [`${"a.".repeat(127)}com`, "is 257 characters; a DNS name has at most 253"],
  ])("refuses the domain %s", (domain, problem) => {
    const text = communityFile("acme", 151, `domains:\n  - name: "${domain}"\n`);
    expect(problemLines({ "acme.yaml": text })).toEqual([
      `acme.yaml:7: domains[0].name: ${problem} (expected a lowercase domain such as shop.example)`,
    ]);
  });

  it.each([
    ["ssh-dss AAAAB3NzaC1kc3MAAACBAP", /with type ssh-ed25519, .*; it starts with "ssh-dss"/],
    [`command="/bin/sh" ${KEY_A}`, /no options; it starts with "command=/],
    [`${KEY_A}\n${KEY_A}`, /it contains a line break or NUL/],
    ["ssh-ed25519 not*base64", /the key data is not base64/],
    [
      "ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIJzbWwkO4DgFhpDT0zvlTY/S0yx9Bd6rHEQZs0H0WdUW",
      /the key data is for "ssh-ed25519", not ssh-rsa/,
    ],
    [`${KEY_A} $(reboot)`, /the comment may use only letters/],
  ])("refuses the SSH key %s", (key, pattern) => {
    const text = communityFile("acme", 151, `sshKeys:\n  - ${JSON.stringify(key)}\n`);
    const lines = problemLines({ "acme.yaml": text });
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^acme\.yaml:7: sshKeys\[0\]: must be one OpenSSH public key line/);
    expect(lines[0]).toMatch(pattern);
  });

  it("refuses a display name with a line break", () => {
    const text = communityFile("acme", 151).replace(
      "contact:",
      'displayName: "Acme\\nInc"\ncontact:',
    );
    expect(problemLines({ "acme.yaml": text })).toEqual([
      "acme.yaml:2: displayName: must be one line of printable text (no control characters)",
    ]);
  });

  it("reports every problem of every file at once", () => {
    const lines = problemLines({
      "alpha.yaml": "name: a!\ncontact: nope\nvms: []\n",
      "bravo.yaml": "name: bravo\n",
    });
    expect(lines).toEqual([
      "alpha.yaml:1: name: must be 2-32 characters of a-z, 0-9 and '-', starting with a letter and not ending with '-'",
      "alpha.yaml:2: contact: must be an e-mail address such as ops@example.com",
      "alpha.yaml:3: vms: needs at least one VM",
      "bravo.yaml:1: contact: is required: must be an e-mail address such as ops@example.com",
      "bravo.yaml:1: vms: is required: expected array",
    ]);
  });

  it("reports schema errors of one file together with rule errors of the others", () => {
    expect(
      problemLines({ "alpha.yaml": "name: alpha\n", "bravo.yaml": communityFile("bravo", 160) }),
    ).toEqual([
      "alpha.yaml:1: contact: is required: must be an e-mail address such as ops@example.com",
      "alpha.yaml:1: vms: is required: expected array",
      "bravo.yaml:4: vms[0].vmid: 160 is reserved: it is the owner (VM160)'s VM (hosting:reservedVmids)",
    ]);
  });

  it("refuses .yml files instead of ignoring them", () => {
    expect(problemLines({ "acme.yml": communityFile("acme", 151) })).toEqual([
      "acme.yml: customer files must end in .yaml (this file would be ignored)",
    ]);
  });
});

describe("rules that need the stack config or other files", () => {
  it("requires name to equal the file name", () => {
    expect(problemLines({ "acme.yaml": communityFile("acme-corp", 151) })).toEqual([
      'acme.yaml:1: name: must equal the file name "acme" (rename the file or the customer)',
    ]);
  });

  it("refuses reserved names", () => {
    expect(problemLines({ "admin.yaml": communityFile("admin", 151) })).toEqual([
      expect.stringMatching(
        /^admin\.yaml:1: name: "admin" is reserved for the platform \(hosting:reservedNames: www, mail, api, /,
      ),
    ]);
  });

  it("requires a bridge for isolated and forbids one for community", () => {
    expect(
      problemLines({
        "alpha.yaml": isolatedFile("alpha", 151, 11).replace("bridge: vmbr11\n", ""),
      }),
    ).toEqual([
      "alpha.yaml:1: bridge: is required for network: isolated (a free bridge vmbr10..vmbr40; customer:new picks one)",
    ]);
    expect(
      problemLines({
        "bravo.yaml": communityFile("bravo", 151).replace("vms:", "bridge: vmbr11\nvms:"),
      }),
    ).toEqual([
      "bravo.yaml:3: bridge: is only for network: isolated; remove it (community VMs use the shared LAN bridge)",
    ]);
  });

  it("forbids a pinned address on a community VM", () => {
    expect(
      problemLines({ "alpha.yaml": communityFile("alpha", 151, "    address: 20\n") }),
    ).toEqual([
      "alpha.yaml:6: vms[0].address: is only for network: isolated; a community VM's address is the subnet base + its VMID",
    ]);
  });

  it.each([
    [9, "alpha.yaml:4: bridge: must be vmbr10..vmbr40, not vmbr9"],
    [100, "alpha.yaml:4: bridge: must be vmbr10..vmbr40, not vmbr100"],
    [41, "alpha.yaml:4: bridge: must be vmbr10..vmbr40, not vmbr41"],
  ])("refuses bridge vmbr%i", (n, line) => {
    expect(problemLines({ "alpha.yaml": isolatedFile("alpha", 151, n) })).toEqual([line]);
  });

  it("refuses a bridge whose edge slot is reserved", () => {
    const config = betaConfig();
    const withReserved = { ...config, edge: { ...config.edge, reservedSlots: ["net2"] } };
    expect(problemLines({ "alpha.yaml": isolatedFile("alpha", 151, 11) }, withReserved)).toEqual([
      "alpha.yaml:4: bridge: vmbr11 would need edge NIC slot net2, which is reserved on the edge VM (hosting:edge); pick another bridge",
    ]);
  });

  it.each([
    [149, "alpha.yaml:4: vms[0].vmid: 149 is outside the customer range 150-199"],
    [200, "alpha.yaml:4: vms[0].vmid: 200 is outside the customer range 150-199"],
    [
      160,
      "alpha.yaml:4: vms[0].vmid: 160 is reserved: it is the owner (VM160)'s VM (hosting:reservedVmids)",
    ],
  ])("refuses VMID %i", (vmid, line) => {
    expect(problemLines({ "alpha.yaml": communityFile("alpha", vmid) })).toEqual([line]);
  });

  it("refuses retired VMIDs and bridges, naming when and whose", () => {
    const retired =
      "vmids:\n  - { vmid: 151, customer: old, retiredOn: 2026-01-31 }\nbridges:\n  - { bridge: vmbr11, customer: old, retiredOn: 2026-01-31 }\n";
    const lines = problemLines({
      ".retired.yaml": retired,
      "alpha.yaml": isolatedFile("alpha", 151, 11),
    });
    expect(lines).toEqual([
      expect.stringMatching(
        /^alpha\.yaml:4: bridge: vmbr11 was retired on 2026-01-31 \(customer old, .*\.retired\.yaml\) and is never reused$/,
      ),
      expect.stringMatching(
        /^alpha\.yaml:6: vms\[0\]\.vmid: 151 was retired on 2026-01-31 \(customer old, .*\.retired\.yaml\); VMIDs are never reused$/,
      ),
    ]);
  });

  it("reports problems in .retired.yaml itself", () => {
    expect(problemLines({ ".retired.yaml": "vmid: [151]\n" })).toEqual([
      '.retired.yaml:1: vmid: unknown field "vmid"; allowed fields here: vmids, bridges; did you mean "vmids"?',
    ]);
  });

  it("reports duplicate VMIDs, bridges and hostnames across files, pointing at the first use", () => {
    const lines = problemLines({
      "alpha.yaml": isolatedFile("alpha", 151, 11, "domains:\n  - name: shop.example\n"),
      "bravo.yaml": isolatedFile(
        "bravo",
        151,
        11,
        "domains:\n  - name: www.shop.example\n    www: false\n",
      ),
    });
    expect(lines).toEqual([
      expect.stringMatching(
        /^bravo\.yaml:4: bridge: bridge vmbr11 is already used by .*alpha\.yaml:4 \(bridge\); it must be unique$/,
      ),
      expect.stringMatching(
        /^bravo\.yaml:6: vms\[0\]\.vmid: VMID 151 is already used by .*alpha\.yaml:6 \(vms\[0\]\.vmid\); it must be unique$/,
      ),
      expect.stringMatching(
        /^bravo\.yaml:10: domains\[0\]\.name: hostname www\.shop\.example is already used by .*alpha\.yaml:10 \(domains\[0\]\.www\); it must be unique$/,
      ),
    ]);
  });

  it("reports a duplicate customer name", () => {
    const lines = problemLines({
      "alpha.yaml": communityFile("bravo", 151),
      "bravo.yaml": communityFile("bravo", 152),
    });
    expect(lines).toEqual([
      'alpha.yaml:1: name: must equal the file name "alpha" (rename the file or the customer)',
      expect.stringMatching(
        /^bravo\.yaml:1: name: customer name "bravo" is already used by .*alpha\.yaml:1 \(name\); it must be unique$/,
      ),
    ]);
  });

  it("reports a duplicate pinned address and a duplicate role within a customer", () => {
    const text = isolatedFile(
      "alpha",
      151,
      11,
      "  - vmid: 152\n    package: starter\n    address: 10\n",
    );
    expect(problemLines({ "alpha.yaml": text })).toEqual([
      'alpha.yaml:9: vms[1].role: "vm" is already the role of vms[0]; roles are unique per customer',
      "alpha.yaml:11: vms[1].address: .10 is already pinned by vms[0]; each VM needs its own address",
    ]);
  });

  it("refuses domains at or under the platform zone, but not look-alikes", () => {
    const bad = communityFile(
      "alpha",
      151,
      "domains:\n  - name: shop.lightspeedup.com\n  - name: lightspeedup.com\n",
    );
    expect(problemLines({ "alpha.yaml": bad })).toEqual([
      "alpha.yaml:7: domains[0].name: must not be lightspeedup.com or under it: every customer already gets alpha.lightspeedup.com",
      "alpha.yaml:8: domains[1].name: must not be lightspeedup.com or under it: every customer already gets alpha.lightspeedup.com",
    ]);
    ok({ "alpha.yaml": communityFile("alpha", 151, "domains:\n  - name: evillightspeedup.com\n") });
  });

  it("refuses a hostname produced twice within one customer (apex www and a www domain)", () => {
    const text = communityFile(
      "alpha",
      151,
      "domains:\n  - name: alpha.example\n  - name: www.alpha.example\n    www: false\n",
    );
    expect(problemLines({ "alpha.yaml": text })).toEqual([
      expect.stringMatching(
        /^alpha\.yaml:8: domains\[1\]\.name: hostname www\.alpha\.example is already used by .*alpha\.yaml:7 \(domains\[0\]\.www\); it must be unique$/,
      ),
    ]);
  });

  it("refuses an upstream role that does not exist", () => {
    const text = communityFile(
      "alpha",
      151,
      "domains:\n  - name: alpha.example\n    upstream: db\n",
    );
    expect(problemLines({ "alpha.yaml": text })).toEqual([
      'alpha.yaml:8: domains[0].upstream: "db" is not a role of this customer\'s VMs (vm)',
    ]);
  });

  it("refuses tls: none on a proxied record", () => {
    const text = communityFile("alpha", 151, "domains:\n  - name: alpha.example\n    tls: none\n");
    expect(problemLines({ "alpha.yaml": text })).toEqual([
      "alpha.yaml:8: domains[0].tls: none is refused for proxied records (Cloudflare → edge must be HTTPS); set proxied: false or use letsencrypt",
    ]);
  });

  it("refuses an adopted block on a VMID that is not reserved, and allows it on a reserved one", () => {
    const adopted = (vmid: number) =>
      communityFile(
        "alpha",
        vmid,
        "    adopted:\n      mac: BC:24:11:AA:BB:CC\n      diskInterface: scsi0\n      address: 192.168.12.150\n",
      );
    expect(problemLines({ "alpha.yaml": adopted(151) })).toEqual([
      "alpha.yaml:6: vms[0].adopted: is only for a VM that existed before this program, whose VMID is in hosting:reservedVmids; 151 is not",
    ]);
    ok({ "alpha.yaml": adopted(150) });
  });

  it("refuses an unknown image", () => {
    expect(
      problemLines({ "alpha.yaml": communityFile("alpha", 151, "    image: windows\n") }),
    ).toEqual([
      'alpha.yaml:6: vms[0].image: "windows" is not a template of this stack; use one of debian-12',
    ]);
  });

  it("returns structured issues with file, path, line and message", () => {
    expect(problems({ "alpha.yaml": communityFile("alpha", 149) })).toEqual([
      {
        file: "alpha.yaml",
        path: "vms[0].vmid",
        line: 4,
        message: "149 is outside the customer range 150-199",
      },
    ]);
  });
});
