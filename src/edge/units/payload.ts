/**
 * The stdin payload of an edge command: one line per file, `<part> <base64>`. Content never
 * passes through shell quoting; the scripts decode it with `base64 -d`.
 */
const PART = /^[a-z][a-z0-9-]{0,31}$/;

export function encodePayload(parts: Record<string, string>): string {
  return Object.entries(parts)
    .map(([name, content]) => {
      if (!PART.test(name)) throw new Error(`bad payload part name ${name}`);
      return `${name} ${Buffer.from(content, "utf8").toString("base64")}\n`;
    })
    .join("");
}

export function decodePayload(stdin: string): Record<string, string> {
  const parts: Record<string, string> = {};
  for (const line of stdin.split("\n").filter(Boolean)) {
    const [name, data] = line.split(" ");
    parts[name] = Buffer.from(data, "base64").toString("utf8");
  }
  return parts;
}
