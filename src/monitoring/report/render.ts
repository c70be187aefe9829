import type { Cell, ReportDocument } from "./document.js";

/** The report as Markdown and as one self-contained HTML page (for mail). Pure. */
const BAR = 10;
const mdBar = (f: number) =>
  `${"█".repeat(Math.round(f * BAR))}${"░".repeat(BAR - Math.round(f * BAR))}`;
const mdCell = (cell: Cell) =>
  `${cell.bar === undefined ? "" : `\`${mdBar(cell.bar)}\` `}${cell.text}`.replaceAll("|", "\\|");

export function renderMarkdown(doc: ReportDocument): string {
  const out = [`# ${doc.title}`, "", doc.subtitle, ""];
  for (const s of doc.sections) {
    out.push(`## ${s.title}`, "");
    if (s.intro) out.push(s.intro, "");
    if (s.rows.length === 0) {
      out.push(`_${s.empty}_`, "");
      continue;
    }
    out.push(`| ${s.headers.join(" | ")} |`, `|${s.headers.map(() => " --- ").join("|")}|`);
    for (const row of s.rows) out.push(`| ${row.map(mdCell).join(" | ")} |`);
    out.push("");
  }
  return `${out.join("\n").trimEnd()}\n`;
}

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

const htmlCell = (cell: Cell) =>
  `<td>${cell.bar === undefined ? "" : `<span class="bar"><span style="width:${Math.round(cell.bar * 100)}%"></span></span>`}${escapeHtml(cell.text)}</td>`;

export function renderHtml(doc: ReportDocument): string {
  const parts = [
    "<!DOCTYPE html>",
    '<html lang="en"><head><meta charset="utf-8">',
    `<title>${escapeHtml(doc.title)}</title>`,
    "<style>body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse;margin-bottom:1.5em}td,th{border:1px solid #ccc;padding:.25em .5em;text-align:left;white-space:nowrap}.bar{display:inline-block;width:5em;height:.7em;background:#eee;margin-right:.4em}.bar span{display:block;height:100%;background:#3a7bd5}</style>",
    "</head><body>",
    `<h1>${escapeHtml(doc.title)}</h1>`,
    `<p>${escapeHtml(doc.subtitle)}</p>`,
  ];
  for (const s of doc.sections) {
    parts.push(`<h2>${escapeHtml(s.title)}</h2>`);
    if (s.intro) parts.push(`<p>${escapeHtml(s.intro)}</p>`);
    if (s.rows.length === 0) {
      parts.push(`<p><em>${escapeHtml(s.empty)}</em></p>`);
      continue;
    }
    parts.push(
      `<table><tr>${s.headers.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr>`,
      ...s.rows.map((r) => `<tr>${r.map(htmlCell).join("")}</tr>`),
      "</table>",
    );
  }
  parts.push("</body></html>");
  return `${parts.join("\n")}\n`;
}
