import { quote } from "shell-quote";
import type { EdgePaths } from "../paths.js";

/** Quotes one value for bash. Every value a script interpolates goes through this. */
export const sh = (value: string | number): string => quote([String(value)]);

/**
 * The start of every edge script: strict mode, one exclusive lock for the whole run (Pulumi runs
 * commands in parallel), a private temp dir, and the payload read from stdin into files.
 */
export function prelude(paths: EdgePaths, parts: readonly string[]): string {
  const allowed = parts.join("|");
  return `#!/bin/bash
# Managed by LightSpeedUp (Pulumi). Idempotent: running it twice gives the same state.
set -euo pipefail
umask 022
mkdir -p "$(dirname ${sh(paths.lockFile)})"
exec 9>>${sh(paths.lockFile)}
flock -w 900 9 || { echo ${sh(`timed out waiting for the edge lock ${paths.lockFile}`)} >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
while read -r part data; do
  case "$part" in
    ${allowed || "__none__"}) printf '%s' "$data" | base64 -d > "$tmp/$part" ;;
    *) echo "unexpected payload part: $part" >&2; exit 1 ;;
  esac
done
CHANGED=0
`;
}

/**
 * lsu_install SRC DST [LINK]: puts SRC at DST atomically (and the sites-enabled link), proves the
 * whole configuration with \`nginx -t\`, and on failure restores the previous file, proves the
 * restore with \`nginx -t\` again and exits non-zero. Unchanged files are left alone.
 */
export const INSTALL_FUNCTION = `
lsu_install() {
  local src=$1 dst=$2 link=\${3:-} backup="" had_link=0
  if [ -f "$dst" ] && cmp -s "$src" "$dst" && { [ -z "$link" ] || [ -L "$link" ]; }; then return 0; fi
  if [ -n "$link" ] && [ -L "$link" ]; then had_link=1; fi
  if [ -f "$dst" ]; then backup="$tmp/backup.$(basename "$dst")"; cp -p "$dst" "$backup"; fi
  cp "$src" "$dst.lsu-new"
  chmod 0644 "$dst.lsu-new"
  mv -f "$dst.lsu-new" "$dst"
  if [ -n "$link" ]; then ln -sfn "$dst" "$link"; fi
  if ! nginx -t > "$tmp/nginx-t.log" 2>&1; then
    if [ -n "$backup" ]; then mv -f "$backup" "$dst"; else rm -f "$dst"; fi
    if [ -n "$link" ] && [ "$had_link" = 0 ]; then rm -f "$link"; fi
    echo "nginx -t refused $dst:" >&2
    cat "$tmp/nginx-t.log" >&2
    if nginx -t > /dev/null 2>&1; then
      echo "restored the previous configuration; nginx -t passes again" >&2
    else
      echo "the previous configuration does not pass nginx -t either; nothing reloaded" >&2
    fi
    exit 1
  fi
  CHANGED=1
}

lsu_remove() {
  local dst=$1 link=\${2:-} backup=""
  [ -n "$link" ] && [ -L "$link" ] && rm -f "$link"
  if [ -f "$dst" ]; then backup="$tmp/backup.$(basename "$dst")"; mv -f "$dst" "$backup"; CHANGED=1; fi
  if ! nginx -t > "$tmp/nginx-t.log" 2>&1; then
    if [ -n "$backup" ]; then mv -f "$backup" "$dst"; fi
    if [ -n "$link" ] && [ -n "$backup" ]; then ln -sfn "$dst" "$link"; fi
    echo "nginx -t fails without $dst; restored it:" >&2
    cat "$tmp/nginx-t.log" >&2
    exit 1
  fi
}
`;

export function reloadIfChanged(paths: EdgePaths): string {
  return `if [ "$CHANGED" = 1 ]; then ${paths.reloadCommand}; fi\n`;
}

/** certbot with retries while another certbot (e.g. the renewal timer) holds certbot's lock. */
export function certbotFunction(paths: EdgePaths): string {
  const dirs = `--config-dir ${sh(paths.letsencryptDir)} --work-dir ${sh(paths.letsencryptWorkDir)} --logs-dir ${sh(paths.letsencryptLogsDir)}`;
  return `
lsu_certbot() {
  local attempt
  for attempt in 1 2 3 4 5 6 7 8 9 10; do
    if certbot "$@" ${dirs} > "$tmp/certbot.log" 2>&1; then return 0; fi
    if grep -q "Another instance of Certbot is already running" "$tmp/certbot.log"; then sleep 3; continue; fi
    return 1
  done
  return 1
}
`;
}
