import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { bufferIo } from "../../src/cli/io.js";
import { run as plan } from "../../src/cli/plan.js";
import { renderMonitoringFiles } from "../../src/monitoring/render.js";
import { monitoringSummary } from "../../src/monitoring/summary.js";
import { PROJECT_DIR } from "../helpers/fixtures.js";
import { planFor, tempDir } from "./helpers.js";

describe("npm run plan and monitoring", () => {
  it("--render writes every monitoring file and script; the text says what is monitored", async () => {
    const dir = tempDir("plan");
    const io = bufferIo({ cwd: PROJECT_DIR });
    const code = await plan(["--customers", "examples/edge-cases", "--render", dir], io);
    expect(code, io.err()).toBe(0);
    const expected = renderMonitoringFiles(planFor("edge-cases"));
    expect(Object.keys(expected).length).toBeGreaterThan(35);
    for (const [path, text] of Object.entries(expected))
      expect(readFileSync(join(dir, path), "utf8"), path).toBe(text);
    expect(io.out()).toContain("Monitoring (docs/monitoring.md) on the edge VM 192.168.12.120");
    expect(io.out()).toContain("  6 customer VM(s) through the PVE exporter at 127.0.0.1:9221");
    expect(io.out()).toContain("  Grafana: 6 dashboard(s)");
    expect(io.out()).toContain("22 alert rules to admin@lightspeedup.com;");
    expect(io.out()).toContain(
      "  the PVE exporter: installed by hand (set hosting:monitoringPveToken to have it installed)",
    );
  });

  it("the text says Pulumi installs the PVE exporter once its token is set", () => {
    const lines = monitoringSummary(planFor("edge-cases"), { discord: false, pveExporter: true });
    expect(lines).toContain(
      "  the PVE exporter: prometheus-pve-exporter 3.10.2 installed in a venv with hosting:monitoringPveToken",
    );
  });
});
