# A Python tool in a venv of its own. Header values: VENV (a symlink; the service runs
# "$VENV/bin/<tool>"), VENV_PACKAGE and VENV_VERSION (what pip installs), VENV_CHECK (a program in
# the venv that must run with --help), PIP_INDEX (an index URL, or empty for pip's own settings).
# Each version lives in "$VENV-<version>" (marked by .lsu-requirement); the link moves to a new
# version only after it installed and runs, the previous version stays until the next change (the
# restore file relinks it when the configuration check or the restarted service fails), and only
# directories the project made are ever removed.

lsu_venv_ours() {
  [ -d "$1" ] && [ -f "$1/.lsu-requirement" ]
}

lsu_venv_install() {
  local dir="$VENV-$VENV_VERSION" requirement="$VENV_PACKAGE==$VENV_VERSION"
  local marker="$dir/.lsu-requirement" previous old
  previous=$(readlink "$VENV" 2>/dev/null || true)
  if [ ! -f "$marker" ] || [ "$(cat "$marker")" != "$requirement" ]; then
    rm -rf "$dir"
    mkdir -p "$(dirname "$dir")"
    python3 -m venv "$dir"
    local index=()
    [ -n "$PIP_INDEX" ] && index=(--index-url "$PIP_INDEX")
    if ! "$dir/bin/pip" install --quiet --no-input --disable-pip-version-check --no-cache-dir \
      "${index[@]}" "$requirement" > "$tmp/pip.log" 2>&1; then
      echo "pip could not install $requirement; nothing changed:" >&2
      cat "$tmp/pip.log" >&2
      rm -rf "$dir"
      exit 1
    fi
    echo "$requirement" > "$marker"
  fi
  if ! "$dir/bin/$VENV_CHECK" --help > /dev/null 2>&1; then
    # installed but does not run: the next apply installs it again
    if [ "$previous" = "$dir" ]; then rm -f "$marker"; else rm -rf "$dir"; fi
    echo "$dir/bin/$VENV_CHECK does not run; nothing changed (the next apply reinstalls it)" >&2
    exit 1
  fi
  if [ "$previous" != "$dir" ]; then
    ln -sfn "$dir" "$VENV.lsu-new"
    mv -Tf "$VENV.lsu-new" "$VENV"
    if [ -n "$previous" ]; then
      echo "link $previous $VENV" >> "$RESTORE"
    else
      echo "remove $VENV" >> "$RESTORE"
    fi
    VENV_MOVED=1
    VENV_PREVIOUS=$previous
    CHANGED=1
    CHANGED_FILES+=("$VENV")
  fi
  for old in "$VENV"-*; do
    if lsu_venv_ours "$old" && [ "$old" != "$dir" ] && [ "$old" != "$previous" ]; then
      rm -rf "$old"
    fi
  done
  return 0
}

# After the restart on a newly linked version: a service that does not stay up goes back to the
# previous version; on a first install (no previous) it is stopped and the link removed, so the
# next apply installs and checks again instead of reporting a service that is down as done.
lsu_venv_confirm() {
  local s
  [ "${VENV_MOVED:-0}" = 1 ] || return 0
  sleep "${LSU_TEST_VENV_SETTLE_SECONDS:-3}"
  for s in "${SERVICES[@]}"; do
    if "$SYSTEMCTL" is-active --quiet "$s"; then continue; fi
    if [ -n "$VENV_PREVIOUS" ]; then
      echo "$s does not stay up on $(readlink "$VENV"); back to $VENV_PREVIOUS" >&2
      ln -sfn "$VENV_PREVIOUS" "$VENV.lsu-new"
      mv -Tf "$VENV.lsu-new" "$VENV"
      "$SYSTEMCTL" restart "$s" || true
    else
      echo "$s does not stay up on its first install ($(readlink "$VENV")); stopped it and removed $VENV so the next apply tries again; see: journalctl -u $s" >&2
      "$SYSTEMCTL" stop "$s" || true
      rm -f "$VENV"
    fi
    exit 1
  done
}

lsu_venv_delete() {
  local old
  if [ -L "$VENV" ]; then rm -f "$VENV"; CHANGED=1; fi
  rm -f "$VENV.lsu-new"
  for old in "$VENV"-*; do
    if lsu_venv_ours "$old"; then rm -rf "$old"; CHANGED=1; fi
  done
  return 0
}
