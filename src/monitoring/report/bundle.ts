import { join } from "node:path";
import { buildSync } from "esbuild";

let cached: string | undefined;

/**
 * `npm run report` as one JavaScript file for the monitoring host's Debian node (18): the same code
 * the laptop runs, bundled. Deterministic for a given source tree.
 */
export function reportBundle(): string {
  cached ??= buildSync({
    entryPoints: [join(__dirname, "host-main.ts")],
    bundle: true,
    platform: "node",
    target: "node18",
    format: "cjs",
    write: false,
    legalComments: "none",
    banner: { js: "// Managed by LightSpeedUp (Pulumi): npm run report, bundled. Do not edit." },
  }).outputFiles[0].text;
  return cached;
}
