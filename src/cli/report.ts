import { writeFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { collectReport } from "../monitoring/report/collect.js";
import { reportDocument } from "../monitoring/report/document.js";
import { PrometheusError, prometheusQuery } from "../monitoring/report/prometheus-client.js";
import { renderHtml, renderMarkdown } from "../monitoring/report/render.js";
import { EXIT } from "./exit-codes.js";
import type { CliIo } from "./io.js";
import { parseCli, usageError } from "./stack-args.js";

const USAGE = `usage: npm run report -- --prometheus URL [--since 24h] [--out FILE]

The daily report from a Prometheus the monitoring host fills (docs/monitoring.md): per customer and
per bridge, usage against the package, alerts fired, backups, certificates to renew, firewall drops.
Exit codes: 0 written, 2 bad usage or Prometheus unreachable.

  --prometheus URL  Prometheus' base URL, e.g. http://127.0.0.1:9090 (an SSH tunnel from a laptop)
  --since DURATION  the period, a Prometheus duration: 24h (default), 7d, 90m
  --out FILE        write FILE.md and FILE.html (or only the one FILE names); default: Markdown on stdout
  --time UNIX       the end of the period (default now)`;

const UNITS: Record<string, number> = { m: 60, h: 3600, d: 86400, w: 604800 };

export async function run(argv: string[], io: CliIo): Promise<number> {
  const parsed = parseCli<{ prometheus?: string; since: string; out?: string; time?: string }>(
    argv,
    {
      prometheus: { type: "string" },
      since: { type: "string", default: "24h" },
      out: { type: "string" },
      time: { type: "string" },
    },
    USAGE,
    io,
  );
  if ("exit" in parsed) return parsed.exit;
  const { prometheus, since, out, time } = parsed.values;
  if (!prometheus || !/^https?:\/\/[^\s]+$/.test(prometheus))
    return usageError("--prometheus must be an http(s) URL", USAGE, io).exit;
  const d = /^([1-9][0-9]{0,4})([mhdw])$/.exec(since);
  if (!d) return usageError("--since must be a duration such as 24h, 7d or 90m", USAGE, io).exit;
  const at = time === undefined ? Math.floor(Date.now() / 1000) : Number(time);
  if (!Number.isInteger(at) || at <= 0)
    return usageError("--time must be Unix seconds", USAGE, io).exit;
  let data: Awaited<ReturnType<typeof collectReport>>;
  try {
    data = await collectReport(
      prometheusQuery(prometheus, at),
      since,
      Number(d[1]) * UNITS[d[2]],
      at,
    );
  } catch (e) {
    if (e instanceof PrometheusError) {
      io.stderr(`${e.message}\n`);
      return EXIT.usage;
    }
    throw e;
  }
  const doc = reportDocument(data);
  if (!out) {
    io.stdout(renderMarkdown(doc));
    return EXIT.ok;
  }
  const path = isAbsolute(out) ? out : join(io.cwd, out);
  const written: string[] = [];
  if (!path.endsWith(".html")) {
    const md = path.endsWith(".md") ? path : `${path}.md`;
    writeFileSync(md, renderMarkdown(doc));
    written.push(md);
  }
  if (!path.endsWith(".md")) {
    const html = path.endsWith(".html") ? path : `${path}.html`;
    writeFileSync(html, renderHtml(doc));
    written.push(html);
  }
  io.stdout(`${doc.subtitle}\nwrote ${written.join(", ")}\n`);
  return EXIT.ok;
}
