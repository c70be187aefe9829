import { sharedFiles } from "../nginx-shared.js";
import type { EdgePaths } from "../paths.js";
import { shellScript } from "../shell/script.js";
import { EDGE_UNIT_NAMES, type EdgeUnit, emptyChecks } from "./edge-unit.js";
import { encodePayload } from "./payload.js";
import { beginValues, nginxValues } from "./values.js";

const partName = (file: string) => file.replace(/\.conf$/, "");

/** The project-owned conf.d files (defaults, Cloudflare real IP, catch-all) and the ACME webroot. */
export function sharedUnit(paths: EdgePaths): EdgeUnit {
  const files = sharedFiles(paths);
  const names = Object.keys(files);
  const confd = `${paths.nginxDir}/conf.d`;
  const values = { ...nginxValues(paths), CONFD_DIR: confd };
  return {
    name: EDGE_UNIT_NAMES.shared,
    files: names.map((f) => ({ path: `${confd}/${f}`, content: files[f] })),
    apply: shellScript({
      title: "the edge's shared nginx files",
      values: {
        ...beginValues(paths, names.map(partName)),
        ...values,
        LSU_ACME_WEBROOT: paths.acmeWebroot,
      },
      libs: ["begin.sh", "nginx.sh"],
      body: "shared-apply.sh",
    }),
    delete: shellScript({
      title: "removes the edge's shared nginx files",
      values: { ...beginValues(paths, []), ...values, SHARED_FILES: names },
      libs: ["begin.sh", "nginx.sh"],
      body: "shared-delete.sh",
    }),
    stdin: encodePayload(Object.fromEntries(names.map((f) => [partName(f), files[f]]))),
    needs: [],
    ...emptyChecks(),
  };
}
