import { sharedFiles } from "../nginx-shared.js";
import type { EdgePaths } from "../paths.js";
import { INSTALL_FUNCTION, prelude, reloadIfChanged, sh } from "./common.js";
import { encodePayload } from "./payload.js";

const partName = (file: string) => file.replace(/\.conf$/, "");

/** The edge command that installs the project-owned conf.d files and the ACME webroot. */
export function sharedCommand(paths: EdgePaths) {
  const files = sharedFiles(paths);
  const confd = `${paths.nginxDir}/conf.d`;
  const names = Object.keys(files);
  const apply = `${prelude(paths, names.map(partName))}${INSTALL_FUNCTION}
mkdir -p ${sh(paths.acmeWebroot)} ${sh(confd)}
${names.map((f) => `lsu_install "$tmp/${partName(f)}" ${sh(`${confd}/${f}`)}`).join("\n")}
${reloadIfChanged(paths)}echo "LSU-SHARED installed"
`;
  const remove = `${prelude(paths, [])}${INSTALL_FUNCTION}
${[...names]
  .reverse()
  .map((f) => `lsu_remove ${sh(`${confd}/${f}`)}`)
  .join("\n")}
${reloadIfChanged(paths)}echo "LSU-SHARED removed"
`;
  const stdin = encodePayload(Object.fromEntries(names.map((f) => [partName(f), files[f]])));
  return { apply, delete: remove, stdin };
}
