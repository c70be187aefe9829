import { describe, expect, it } from "vitest";
import { estimateBackupSpace } from "../../src/capacity/backup-space.js";
import { capacityTable, computeCapacity } from "../../src/capacity/capacity.js";
import { PACKAGES } from "../../src/catalog/packages.js";
import { betaConfig } from "../helpers/fixtures.js";

const { starter, business, enterprise } = PACKAGES;
const betaMix = [
  ...Array(8).fill(starter),
  ...Array(6).fill(business),
  ...Array(2).fill(enterprise),
];

describe("computeCapacity", () => {
  const config = betaConfig();

  it("reproduces the guide's beta mix: 76 cores, 192 GiB, 1,560 GiB, warning on RAM only", () => {
    const report = computeCapacity(betaMix, config);
    expect(report.customerTotals).toEqual({ cores: 76, memoryGb: 192, diskGb: 1560 });
    const byName = Object.fromEntries(report.resources.map((r) => [r.resource, r]));
    expect(byName.cpu).toMatchObject({
      customers: 76,
      reserved: 20,
      demand: 96,
      limit: 128,
      percent: 75,
    });
    expect(byName.memory).toMatchObject({
      customers: 192,
      reserved: 250,
      demand: 442,
      limit: 480,
      percent: 92.1,
    });
    expect(byName.disk).toMatchObject({
      customers: 1560,
      reserved: 300,
      demand: 1860,
      limit: 14000,
    });
    expect(report.ok).toBe(true);
    expect(report.errors).toEqual([]);
    expect(report.warnings).toEqual(["memory: 442 of 480 GiB (92.1%) is at or above 85%"]);
  });

  it("fails when RAM would be oversubscribed and names the resource with demand and limit", () => {
    const report = computeCapacity([...betaMix, enterprise, enterprise], config);
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual(["memory: 506 of 480 GiB (105.4%) exceeds the limit"]);
    expect(capacityTable(report)).toMatch(/memory\s+256\s+250\s+506\s+480\s+105.4%/);
  });

  it("allows CPU up to the oversubscription ratio and no further", () => {
    // 128 vCPU limit, 20 reserved: 54 starters are 108 cores (=128), 55 are 110 (>128).
    const big = {
      ...config,
      capacity: {
        ...config.capacity,
        host: { ...config.capacity.host, memoryGb: 1e6, diskGb: 1e6 },
      },
    };
    expect(computeCapacity(Array(54).fill(starter), big).resources[0]).toMatchObject({
      demand: 128,
      limit: 128,
    });
    expect(computeCapacity(Array(54).fill(starter), big).ok).toBe(true);
    expect(computeCapacity(Array(55).fill(starter), big).errors).toEqual([
      "cpu: 130 of 128 vCPU (101.6%) exceeds the limit",
    ]);
  });

  it("counts host overhead as demand", () => {
    const withOverhead = {
      ...config,
      capacity: { ...config.capacity, overhead: { threads: 4, memoryGb: 32, diskGb: 0 } },
    };
    const memory = computeCapacity(betaMix, withOverhead).resources[1];
    expect(memory).toMatchObject({ reserved: 282, demand: 474 });
  });
});

describe("estimateBackupSpace", () => {
  it("counts every kept copy in full on plain storage", () => {
    expect(estimateBackupSpace([starter, enterprise], false).totalGb).toBe(30 * 7 + 300 * 54);
  });
  it("counts one full copy plus 2% per further copy on PBS", () => {
    expect(estimateBackupSpace([business], true).totalGb).toBe(Math.round(120 * (1 + 0.02 * 13)));
  });
});
