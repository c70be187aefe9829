import { parse } from "shell-quote";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluatePlan, type PlanEvaluation } from "../../src/plan/evaluate-plan.js";
import type { RecordedResource } from "../../src/plan/mock-engine.js";
import { PROJECT_DIR } from "../helpers/fixtures.js";
import { examples, runPlan } from "../helpers/plan.js";

const CMD = "command:remote:Command";
const WEBHOOK = "https://discord.com/api/webhooks/42/very-secret_token";
const UNITS = [
  "monitoring-alertmanager",
  "monitoring-edge-exporter",
  "monitoring-grafana",
  "monitoring-health",
  "monitoring-prometheus",
  "monitoring-report",
];
const commands = (p: PlanEvaluation) =>
  p.resources.filter((r) => r.type === CMD && r.name.startsWith("monitoring-"));
const byName = (p: PlanEvaluation, name: string): RecordedResource => {
  const r = commands(p).find((c) => c.name === name);
  if (!r) throw new Error(name);
  return r;
};

let plain: PlanEvaluation;
let withDiscord: PlanEvaluation;
beforeAll(async () => {
  plain = await runPlan(examples("edge-cases"));
  withDiscord = await runPlan(examples("edge-cases"), {
    "hosting:monitoringDiscordWebhook": WEBHOOK,
    "hosting:monitoring": {
      ssh: {
        host: "192.168.12.9",
        port: 22,
        user: "root",
        hostKey: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKouUM75Qm8X0+uRpPaX/La6qgkk70dp4vnYvZa+KKrd",
      },
    },
  });
}, 120_000);

describe("the monitoring host in the stack", () => {
  it("declares one command per unit with the edge's conventions", () => {
    expect(
      commands(plain)
        .map((c) => c.name)
        .sort(),
    ).toEqual(UNITS);
    const parent = plain.resources.find((r) => r.type === "lightspeedup:hosting:MonitoringHost");
    expect(parent?.name).toBe("monitoring");
    for (const c of commands(plain)) {
      expect(c.parentUrn).toBe(parent?.urn);
      expect(c.inputs.create).toBe(c.inputs.update);
      expect(String(parse(String(c.inputs.create))[2])).toContain("flock -w 900 9");
      expect(String(c.inputs.delete)).toContain("lsu_delete_all");
      expect(c.inputs.triggers).toEqual([1]);
      expect(c.inputs.addPreviousOutputInEnv).toBe(false);
      expect(c.inputs.environment).toBeUndefined();
      expect(c.options.deleteBeforeReplace).toBe(true);
      expect(typeof c.inputs.stdin).toBe("string");
      expect(String(c.inputs.stdin).length).toBeGreaterThan(100);
    }
  });

  it("reaches the monitoring host like the edge by default, or the configured host", () => {
    const host = (p: PlanEvaluation, n: string) =>
      (byName(p, n).revealedInputs.connection as { host: string }).host;
    expect(UNITS.map((u) => host(plain, u))).toEqual(UNITS.map(() => "192.168.12.120"));
    expect(host(withDiscord, "monitoring-prometheus")).toBe("192.168.12.9");
    expect(host(withDiscord, "monitoring-edge-exporter")).toBe("192.168.12.120");
  });

  it("sends the Discord webhook only on stdin, as a secret, never in command text", () => {
    const am = byName(withDiscord, "monitoring-alertmanager");
    expect(am.inputs.stdin).toBe("[secret]");
    const payload = String(am.revealedInputs.stdin)
      .trim()
      .split("\n")
      .map((l) => Buffer.from(l.split(" ")[1], "base64").toString("utf8"))
      .join("\n");
    expect(payload).toContain(`webhook_url: ${WEBHOOK}`);
    for (const c of commands(withDiscord))
      for (const key of ["create", "update", "delete"])
        expect(String(c.revealedInputs[key])).not.toContain("very-secret_token");
    const none = String(byName(plain, "monitoring-alertmanager").inputs.stdin);
    expect(none).not.toBe("[secret]");
    expect(Buffer.from(none.split(" ")[1], "base64").toString()).not.toContain("discord");
  });

  it("installs the Proxmox exporter only with hosting:monitoringPveToken, sent only on stdin", async () => {
    expect(commands(plain).map((c) => c.name)).not.toContain("monitoring-pve-exporter");
    const token = "prometheus@pve!exporter=1b2c3d4e-0000-4a5b-8c9d-0123456789ab";
    const withToken = await runPlan(examples("edge-cases"), {
      "hosting:monitoringPveToken": token,
    });
    const unit = byName(withToken, "monitoring-pve-exporter");
    expect(unit.inputs.stdin).toBe("[secret]");
    expect(String(unit.revealedInputs.stdin)).toContain(
      Buffer.from(
        "# Managed by LightSpeedUp (Pulumi): the Proxmox exporter's token. Do not edit.\ndefault:\n  user: prometheus@pve\n  token_name: exporter\n  token_value: 1b2c3d4e-0000-4a5b-8c9d-0123456789ab\n  verify_ssl: true\n",
      ).toString("base64"),
    );
    for (const key of ["create", "update", "delete"])
      expect(String(unit.revealedInputs[key])).not.toContain("1b2c3d4e");
    expect(String(unit.revealedInputs.create)).toContain("readonly VENV_VERSION=3.10.2");
  });

  it("refuses a token that is not user@realm!id=UUID, naming the key", async () => {
    await expect(
      runPlan(examples("edge-cases"), { "hosting:monitoringPveToken": "root@pam:hunter2" }),
    ).rejects.toThrow(/hosting:monitoringPveToken must be <user>@<realm>!<token id>=<secret UUID>/);
  });

  it("re-runs a separate monitoring host's commands on its own generation, the edge's on the edge's", async () => {
    const rebuilt = await runPlan(examples("edge-cases"), {
      "hosting:monitoring": {
        ssh: {
          host: "192.168.12.9",
          port: 22,
          user: "root",
          hostKey:
            "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKouUM75Qm8X0+uRpPaX/La6qgkk70dp4vnYvZa+KKrd",
        },
        generation: 3,
      },
    });
    expect(byName(rebuilt, "monitoring-prometheus").inputs.triggers).toEqual([3]);
    expect(byName(rebuilt, "monitoring-edge-exporter").inputs.triggers).toEqual([1]);
  });

  it("refuses a secret stored in plain text, and declares nothing", async () => {
    const plan = await evaluatePlan({
      projectDir: PROJECT_DIR,
      stack: "beta",
      customersDir: examples("edge-cases"),
      overrides: {
        "hosting:monitoringPveToken":
          "prometheus@pve!exporter=1b2c3d4e-0000-4a5b-8c9d-0123456789ab",
      },
    });
    expect(plan.resources).toEqual([]);
    expect(plan.analysis.issues).toEqual([
      {
        file: "Pulumi.beta.yaml",
        path: "hosting:monitoringPveToken",
        message:
          "is a secret but is stored in plain text; set it with: pulumi config set --secret hosting:monitoringPveToken",
      },
    ]);
  });
});
